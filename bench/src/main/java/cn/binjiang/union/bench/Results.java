package cn.binjiang.union.bench;

import cn.binjiang.union.bench.baseline.Peer;
import cn.binjiang.union.bench.baseline.StoreInsertPath;
import cn.binjiang.union.bench.load.StoreLoad;
import cn.binjiang.union.bench.metric.Freshness;
import cn.binjiang.union.bench.metric.GcLog;
import cn.binjiang.union.bench.metric.Latency;
import cn.binjiang.union.bench.metric.Machine;
import cn.binjiang.union.bench.metric.Rate;
import cn.binjiang.union.bench.metric.Throughput;
import cn.binjiang.union.bench.micro.MicroResult;
import java.util.List;
import java.util.Map;

/** Everything one run measured. */
public record Results(
        String runId,
        boolean quick,
        Map<String, String> jobSettings,
        Machine machine,
        int parallelism,
        Rate preload,
        Rate ceiling,
        Rate landing,
        Peer.Result peer,
        StoreInsertPath.Result store,
        Throughput.Result throughput,
        Rate rebuild,
        Freshness.Result freshness,
        int freshnessRate,
        long rawEventsStored,
        long kpiRows,
        long kpiKeys,
        Map<String, Latency> panels,
        GcLog heap,
        long peakRssBytes,
        StoreLoad.Result storeLoad,
        List<MicroResult> micro) {

    public double ratioToCeiling() {
        return throughput.rate().perSecond() / ceiling.perSecond();
    }

    public double ratioToLanding() {
        return throughput.rate().perSecond() / landing.perSecond();
    }

    public double ratioToPeer() {
        return throughput.rate().perSecond() / peer.rate().perSecond();
    }

    public double worstPanelP99() {
        return panels.values().stream().mapToDouble(Latency::p99).max().orElse(0);
    }
}
