// Entry of the sealing worker thread: registers the TypeScript loader, then runs seal-task.ts.
import { register } from 'tsx/esm/api';

register();
await import('./seal-task.ts');
