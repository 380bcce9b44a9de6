/*
 * Documents are hashed in the browser: the officer's file never leaves the machine, only its
 * SHA-256 (with its name, size and media type) goes into the nomination. Web Crypto digests off
 * the main thread (crypto.subtle is asynchronous), and the file is read with FileReader so the
 * page can show how far reading has come: a large file does not freeze the screen.
 */

/** Lower-case hexadecimal of a digest. */
export function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** SHA-256 of bytes, as 64 lower-case hex digits. */
export async function sha256Hex(data: ArrayBuffer | Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data instanceof Uint8Array ? data : new Uint8Array(data);
  return toHex(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

/** What the nomination sends of a file the officer chose. */
export interface HashedFile {
  fileName: string;
  size: number;
  mediaType: string;
  sha256: string;
}

/** Reads a file (reporting the fraction read, 0…1) and hashes it. */
export function readFile(file: Blob, onProgress?: (fraction: number) => void): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress?.(e.loaded / e.total);
    };
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.readAsArrayBuffer(file);
  });
}

export async function hashFile(file: File, onProgress?: (fraction: number) => void): Promise<HashedFile> {
  const bytes = await readFile(file, onProgress);
  const sha256 = await sha256Hex(bytes);
  onProgress?.(1);
  return { fileName: file.name, size: file.size, mediaType: file.type || 'application/octet-stream', sha256 };
}
