/**
 * Public surface of the export/import formats (docs/interop.md): standalone SVG, Chrome trace JSON,
 * PyTorch pipelining action CSV, pipescope project JSON (also embedded in SVGs), PyTorch profiler
 * (Kineto) traces. Pure: runs in the browser and in Node (no DOM globals, no node: imports).
 * Every importer throws only `ImportError` (one sentence) for bad input; the caller keeps its view.
 */
export { ImportError } from './errors.ts';
export { MAX_IMPORT_BYTES, checkImportSize, checkImportText } from './limits.ts';
export { fileText, isGzip } from './fileText.ts';
export { FONT_STACK, esc, num, scheduleSvg, svgFileName, type SvgOptions } from './svgExport.ts';
export { pairSvg, type PairSvgInput } from './pairSvg.ts';
export {
  GENERATOR,
  PROJECT_FORMAT,
  PROJECT_VERSION,
  SVG_METADATA_ID,
  importProjectText,
  makeProject,
  parseProject,
  projectFromSvg,
  projectJson,
  stageCostsFile,
  validateProject,
  type OverlapSettings,
  type Project,
  type ProjectParams,
} from './projectFile.ts';
export { isDetailed, projectSchedule, projectTimeline } from './projectRun.ts';
export { TIDS, chromeTrace, chunkTrace, traceJson, type ChromeTrace, type TraceEvent, type TraceOptions } from './chromeTrace.ts';
export {
  exportTorchCsv,
  importTorchCsv,
  parseTorchCsv,
  scheduleFromTorchCsv,
  torchAction,
  type CellRef,
  type ParsedTorchCsv,
  type TorchCsvImport,
} from './torchCsv.ts';
export {
  importProfilerPair,
  pairPieces,
  parseKineto,
  type KinetoProfile,
  type KinetoSegment,
  type KinetoStream,
  type MeasuredPair,
  type StreamRole,
} from './kineto.ts';
export { importAny, type Imported } from './importAny.ts';
export { OP_TABLE_COLUMNS, opTableCsv, type OpTableOverlap, type OpTableTimeUnit } from './opTable.ts';
