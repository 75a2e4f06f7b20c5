#!/usr/bin/env node
// The `portrait` command: runs bin/portrait.ts through tsx, so the CLI and the app share lib/ as is.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('./portrait.ts');
