// Entry of a `pipescope sweep --jobs N` worker thread (sweepPool.ts): worker threads do not inherit
// the TypeScript loader of the thread that starts them, so this plain module installs tsx's and
// then loads the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./sweepWorker.ts');
