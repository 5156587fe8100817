// Verifies the digital signatures of a PDF or a detached CMS signature (issue 7):
//   npm run -s verify-signature -- FILE [--detached CONTENT] [--trust PEM ...] [--at ISO] [--json]
// The logic and its tests are in db/verify-signature-command.ts; no database is needed.
import { runVerifySignature } from "./verify-signature-command";

runVerifySignature(process.argv.slice(2)).then(
  (result) => {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exit(result.code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
