#!/usr/bin/env node
import { reportFailure } from './french-output';
import { buildProgram } from './program';

/** `npm run ops -- <command>`: the operator CLI (`program.ts`), run on the command line; any error is said in French (`french-output.ts`). */
// commander throws rather than exits, so that its refusals of the command line exit with the same code as the actions' (2).
buildProgram((program) => program.exitOverride())
  .parseAsync(process.argv)
  .catch(reportFailure);
