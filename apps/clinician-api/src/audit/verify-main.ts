import 'reflect-metadata';
import { openDatabase } from '../database/database.js';
import { AuditChainVerification } from './audit-verify.service.js';
import { DrizzleAuditStore } from './audit.repository.js';
import { cliDatabase, verifyLine } from './verify-cli.js';

/**
 * `npm run audit:verify` (node dist/audit/verify-main.js): verifies the audit hash chain of the database the
 * API is configured with (API_DATABASE_URL, or the PGlite API_DATA_DIR — stop the API first: PGlite is
 * single-process). Prints one line; exit 0 = intact, 1 = broken (or could not verify), 2 = bad configuration.
 */
async function main(): Promise<number> {
  const target = cliDatabase(process.env);
  if (!target.ok) {
    process.stderr.write(`${target.message}\n`);
    return 2;
  }
  const database = await openDatabase(target.options);
  try {
    const result = await new AuditChainVerification(new DrizzleAuditStore(database)).verify();
    process.stdout.write(`${verifyLine(result)}\n`);
    return result.ok ? 0 : 1;
  } finally {
    await database.onModuleDestroy();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`audit chain NOT VERIFIED: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
