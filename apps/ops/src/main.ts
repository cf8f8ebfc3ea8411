#!/usr/bin/env node
import { endOnOutputError, reportFailure } from './french-output';
import { buildProgram } from './program';

// A reader that leaves (`ops export | head -1`) ends the command quietly, exit 0 (`isClosedOutput`).
endOnOutputError(process.stdout, (code) => process.exit(code));

/** `npm run ops -- <command>`: the operator CLI (`program.ts`), run on the command line; any error is said in French (`french-output.ts`). */
// commander throws rather than exits, so that its refusals of the command line exit with the same code as the actions' (2).
buildProgram((program) => program.exitOverride())
  .parseAsync(process.argv)
  .catch(reportFailure);
