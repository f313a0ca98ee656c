/**
 * Public surface of the compute/communication overlap model (docs/overlap.md; DeepSeek-V3 report
 * §3.2.1 DualPipe overlap, §3.2.2 all-to-all kernels and SM split). Durations µs, bytes per GPU,
 * bandwidths GB/s. Pure: no DOM, no node APIs.
 */
export { OverlapInputError, type OverlapField } from './errors.ts';
export {
  COMM_PIECES,
  COMPUTE_PIECES,
  LAYER_PIECES,
  PP_PIECES,
  STREAMS,
  parsePiecesJson,
  phaseOf,
  streamOf,
  validatePieces,
} from './pieces.ts';
export type { ChunkPieces, CommPiece, ComputePiece, LayerPiece, LayerPieces, Phase, PieceName, PpPiece, StreamName } from './pieces.ts';
export { buildDag, dagDurations, replayDag } from './pairDag.ts';
export type { ChunkKind, Dag, DagNode, Replay } from './pairDag.ts';
export { chunkSpan, replayPair, runChunk } from './chunk.ts';
export type { ChunkOptions, ChunkResult, PieceSpan, StreamSpans } from './chunk.ts';
export {
  combineBytes,
  commDurationUs,
  computeDurationUs,
  dispatchBytes,
  hardwareIssue,
  layersIssue,
  linkBandwidth,
  modelFromPieces,
  piecesAt,
  ppSendBytes,
  splitIssue,
  validateHardware,
  validateModel,
  validateSplit,
  withHardware,
  withLayers,
  withoutComm,
} from './commModel.ts';
export type { CommBytes, Hardware, LayerModel, MoeShape, OverlapModel } from './commModel.ts';
export {
  DEEPSEEK_V3_SHAPE,
  DEFAULT_PRESET_ID,
  H100,
  H200,
  H800,
  H800_TRACE_COMM_SMS,
  H800_TRACE_LAYERS,
  H800_TRACE_SPAN_US,
  PRESETS,
  getPreset,
} from './presets.ts';
export type { OverlapPreset } from './presets.ts';
export {
  CHUNK_KINDS,
  chunkOf,
  chunkOfRow,
  detailedCosts,
  detailedMakespan,
  detailedTimeline,
  expandTimeline,
  withPairCosts,
} from './detailed.ts';
export type { DetailedCosts, DetailedTimeline, PlacedPiece, RankOverlapMetrics, RankStreams } from './detailed.ts';
export { sweepPair, sweepSchedule } from './sweep.ts';
export type { Sweep, SweepPoint } from './sweep.ts';
