import { Button, Code, Fieldset, Group, Progress, Stack, Text, TextInput } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/prefs';
import { FormError } from './fields';
import { hashFile } from './hashing';
import type { DocumentDraft } from './validation';

export interface DocumentRow extends DocumentDraft {
  /** 0…1 while the file is read and hashed. */
  progress?: number;
  failed?: boolean;
}

/**
 * The dossier's documents: a kind and a file per row. The file is read and hashed (SHA-256) here in
 * the browser; only its name, size, media type and digest are sent, the file itself stays put.
 */
export function DocumentPicker({ rows, onChange, error }: { rows: DocumentRow[]; onChange: (update: (rows: DocumentRow[]) => DocumentRow[]) => void; error: (field: string) => string | undefined }) {
  const { t } = useTranslation('initiatives');
  const fmt = useFormat();
  const base = useId();
  const patch = (i: number, p: Partial<DocumentRow>) => onChange((rs) => rs.map((r, j) => (j === i ? { ...r, ...p } : r)));
  const choose = async (i: number, file: File | undefined) => {
    if (!file) return patch(i, { file: undefined, hashing: false, progress: undefined });
    patch(i, { file: undefined, hashing: true, progress: 0, failed: false });
    try {
      const hashed = await hashFile(file, (progress) => patch(i, { progress }));
      patch(i, { file: hashed, hashing: false, progress: 1 });
    } catch {
      patch(i, { hashing: false, failed: true, progress: undefined });
    }
  };
  return (
    <Fieldset legend={t('documents')}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('documentsHelp')}
        </Text>
        {rows.map((row, i) => {
          const fileId = `${base}-file-${i}`;
          const fileError = error(`documents.${i}.file`) ?? (row.failed ? t('errReadFailed') : undefined);
          return (
            <Stack key={i} gap={4}>
              <Group align="flex-end" wrap="wrap">
                <TextInput label={t('documentKind', { n: i + 1 })} value={row.kind} error={error(`documents.${i}.kind`)} onChange={(e) => patch(i, { kind: e.currentTarget.value })} />
                <Stack gap={2}>
                  <Text component="label" htmlFor={fileId} size="sm" fw={500}>
                    {t('documentFile', { n: i + 1 })}
                  </Text>
                  <input
                    id={fileId}
                    type="file"
                    aria-invalid={fileError ? true : undefined}
                    aria-describedby={fileError ? `${fileId}-error` : undefined}
                    onChange={(e) => void choose(i, e.currentTarget.files?.[0])}
                  />
                </Stack>
                <Button variant="subtle" color="red" onClick={() => onChange((rs) => rs.filter((_, j) => j !== i))}>
                  {t('removeDocument', { n: i + 1 })}
                </Button>
              </Group>
              {row.hashing && <Progress value={Math.round((row.progress ?? 0) * 100)} aria-label={t('hashingProgress', { n: i + 1 })} animated />}
              {row.hashing && (
                <Text size="xs" role="status">
                  {t('hashing', { percent: Math.round((row.progress ?? 0) * 100) })}
                </Text>
              )}
              {row.file && (
                <Text size="xs">
                  {row.file.fileName} · {fmt.number(row.file.size)} B · {row.file.mediaType} · SHA-256 <Code data-testid={`sha256-${i}`}>{row.file.sha256}</Code>
                </Text>
              )}
              {fileError && (
                <Text id={`${fileId}-error`} c="red" size="xs">
                  {fileError}
                </Text>
              )}
            </Stack>
          );
        })}
        <FormError message={error('documents')} />
        <Group>
          <Button variant="default" onClick={() => onChange((rs) => [...rs, { kind: '' }])}>
            {t('addDocument')}
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}
