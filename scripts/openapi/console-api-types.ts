import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSOLE_API_DIR, CONSOLE_API_FILES, consoleApiFiles } from '../../apps/api/src/openapi/console-types';

/**
 * `npm run console:api-types`: writes the API's OpenAPI document to apps/console/src/api/openapi.json
 * and the types openapi-typescript generates from it to schema.d.ts (no database or Redis needed).
 * apps/api/src/openapi/console-types.spec.ts fails while the committed files differ.
 */
async function main(): Promise<void> {
  const files = await consoleApiFiles();
  for (const name of CONSOLE_API_FILES) {
    writeFileSync(join(CONSOLE_API_DIR, name), files[name]);
    console.log(`wrote ${join(CONSOLE_API_DIR, name)}`);
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
