"""Times sail-sg's automatic ZB-V in its own Python: the generator (zbv.PipelineGraph.create_schedule)
and its list scheduler (passes.add_time), for the engine benchmark (scripts/bench/sailsg.ts).

Reads a checkout of sail-sg/zero-bubble-pipeline-parallelism at $SAIL_SG_DIR. Only the pure-Python
scheduler files are loaded (graph.py, zbv.py, passes.py, by path): the packages above them and the
imports passes.py makes for the runtime (megatron.training, the communication passes) are replaced by
empty stand-ins, so neither torch nor the rest of Megatron is needed.

Arguments: JSON list of [P, M] pairs, then the number of timed runs (after one warm-up).
Costs and memory as the runtime passes them before profiling would, scaled like the project's
zb-v-auto: F = I = W = 1, comm 0, activation bytes/4096 F 194, B -162, W -32, limit 2P forwards.
Prints one JSON object per line: P, M, per-run wall times (ms) of the generator and of add_time, the
order as [kind, global stage, micro-batch] per rank and add_time's [start, end] per op (the benchmark
checks both against the engine's own).
"""
import contextlib
import importlib.util
import io
import json
import os
import sys
import time
import types

ROOT = os.environ["SAIL_SG_DIR"]
PKG = "megatron.core.pipeline_parallel.zerobubble.scheduler"


def stand_in(name, **attrs):
    m = types.ModuleType(name)
    m.__path__ = []
    m.__dict__.update(attrs)
    sys.modules[name] = m
    return m


def unavailable(*_args, **_kwargs):
    raise RuntimeError("not available in the benchmark's stand-in")


parts = PKG.split(".")
for i in range(1, len(parts) + 1):
    stand_in(".".join(parts[:i]))
stand_in("megatron.training", get_args=unavailable)
stand_in(PKG + ".communication", run_communication_passes=unavailable, validate_communication=unavailable)


def load(name):
    path = os.path.join(ROOT, *PKG.split("."), name + ".py")
    spec = importlib.util.spec_from_file_location(PKG + "." + name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[PKG + "." + name] = mod
    spec.loader.exec_module(mod)
    return mod


graph = load("graph")
zbv = load("zbv")
passes = load("passes")

MEM_F, MEM_B, MEM_W = 194 * 4096, -162 * 4096, -32 * 4096


def run(P, M):
    config = graph.GraphConfig(
        mem_f=[MEM_F] * P,
        mem_b=[MEM_B] * P,
        mem_w=[MEM_W] * P,
        cost_f=[1.0] * P,
        cost_b=[1.0] * P,
        cost_w=[1.0] * P,
        cost_comm=0.0,
        max_chunks=2,
        n_stages=P,
        n_micro=M,
    )
    c0 = time.process_time()
    t0 = time.perf_counter()
    pg = zbv.PipelineGraph(P, M, 1.0, 1.0, 1.0, 0.0, MEM_F, MEM_B, MEM_W)
    with contextlib.redirect_stdout(io.StringIO()):
        order = pg.create_schedule(config)
    t1 = time.perf_counter()
    timed = passes.add_time(config, order)
    t2 = time.perf_counter()
    c2 = time.process_time()
    return (t1 - t0) * 1e3, (t2 - t1) * 1e3, (c2 - c0) * 1e3, timed


def main():
    configs = json.loads(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    for P, M in configs:
        run(P, M)
        gen, sched, cpu = [], [], []
        timed = None
        for _ in range(runs):
            g, s, c, timed = run(P, M)
            gen.append(g)
            sched.append(s)
            cpu.append(c)
        kinds = {"F": "F", "B": "I", "W": "W"}
        ops = [[[kinds[n.type.value], n.layer_group_idx, n.microbatch] for n in rank] for rank in timed]
        times = [[[n.start_time, n.completion_time] for n in rank] for rank in timed]
        print(json.dumps({"P": P, "M": M, "generatorMs": gen, "listSchedulerMs": sched, "cpuMs": cpu, "ops": ops, "times": times}), flush=True)


main()
