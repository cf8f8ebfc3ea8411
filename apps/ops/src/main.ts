#!/usr/bin/env node
import { reportFailure } from './french-output';
import { buildProgram } from './program';

/** `npm run ops -- <command>`: the operator CLI (`program.ts`), run on the command line; any error is said in French (`french-output.ts`). */
buildProgram().parseAsync(process.argv).catch(reportFailure);
