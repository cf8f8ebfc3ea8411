#!/usr/bin/env node
import { buildProgram } from './program';

/** `npm run ops -- <command>`: the operator CLI (`program.ts`), run on the command line. */
buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`ops : ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
