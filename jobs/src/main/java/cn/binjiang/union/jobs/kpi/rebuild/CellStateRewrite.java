package cn.binjiang.union.jobs.kpi.rebuild;

import cn.binjiang.union.jobs.kpi.KpiJob;
import cn.binjiang.union.jobs.kpi.functions.CellAggregate;
import cn.binjiang.union.jobs.kpi.functions.CellAggregate.CellTotal;
import cn.binjiang.union.schema.kpi.CellKey;
import cn.binjiang.union.schema.kpi.KpiValue;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.state.api.StateBootstrapTransformation;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * Writes a rebuild into the KPI job's state: a new savepoint, the old one with the totals of the rebuilt cells
 * replaced (Flink's State Processor API, a batch job), every other cell and every other operator as they were. The
 * job resumed from it adds its next events to the rebuilt totals, never to what it held before.
 */
final class CellStateRewrite {
    private static final OperatorIdentifier AGGREGATE_CELLS = OperatorIdentifier.forUid(KpiJob.AGGREGATE_CELLS);

    private CellStateRewrite() {}

    /**
     * @param savepoint the KPI job's savepoint, taken when it stopped for the rebuild
     * @param target the new savepoint's directory
     * @param rebuilt the rebuilt cells, with the versions they are stored under
     * @param lateHorizonMs the job's late horizon: a cell's state goes when the horizon has passed its period
     */
    static void write(
            String savepoint, String target, RebuildScope.Cells scope, List<KpiValue> rebuilt, long lateHorizonMs)
            throws Exception {
        Configuration batch = new Configuration();
        batch.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(batch);
        HashMapStateBackend backend = new HashMapStateBackend();

        DataStream<StoredCell> kept = SavepointReader.read(env, savepoint, backend)
                .readKeyedState(AGGREGATE_CELLS, new ReadCells(), Types.STRING, TypeInformation.of(StoredCell.class))
                .filter(cell -> {
                    CellKey.Cell parts = CellKey.parse(cell.key());
                    return !scope.cover(parts.kpiId(), parts.bucket());
                })
                .name("cells-kept");
        DataStream<StoredCell> all = rebuilt.isEmpty()
                ? kept
                : kept.union(env.fromData(
                                TypeInformation.of(StoredCell.class),
                                rebuilt.stream()
                                        .map(row -> new StoredCell(row.cellKey(), row.value(), row.version()))
                                        .toArray(StoredCell[]::new))
                        .name("cells-rebuilt"));
        StateBootstrapTransformation<StoredCell> cells = OperatorTransformation.bootstrapWith(all)
                .keyBy(StoredCell::key, Types.STRING)
                .transform(new WriteCells(lateHorizonMs));

        SavepointWriter.fromExistingSavepoint(env, savepoint, backend)
                .removeOperator(AGGREGATE_CELLS)
                .withOperator(AGGREGATE_CELLS, cells)
                .write(target);
        env.execute("kpi-rebuild-state");
    }

    /** One cell's total as the state holds it, keyed by its {@link CellKey}. */
    public record StoredCell(String key, long value, long events) {}

    /** Reads every cell's total of the job's savepoint. */
    static final class ReadCells extends KeyedStateReaderFunction<String, StoredCell> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<CellTotal> total;

        @Override
        public void open(OpenContext openContext) {
            total = getRuntimeContext().getState(CellAggregate.totalState());
        }

        @Override
        public void readKey(String key, Context context, Collector<StoredCell> out) throws Exception {
            CellTotal cell = total.value();
            if (cell != null) out.collect(new StoredCell(key, cell.value(), cell.events()));
        }
    }

    /** Writes each cell's total, with the timer {@link CellAggregate} keeps to let it go. */
    static final class WriteCells extends KeyedStateBootstrapFunction<String, StoredCell> {
        private static final long serialVersionUID = 1L;
        private final long lateHorizonMs;
        private transient ValueState<CellTotal> total;

        WriteCells(long lateHorizonMs) {
            this.lateHorizonMs = lateHorizonMs;
        }

        @Override
        public void open(OpenContext openContext) {
            total = getRuntimeContext().getState(CellAggregate.totalState());
        }

        @Override
        public void processElement(StoredCell cell, Context context) throws Exception {
            total.update(new CellTotal(cell.value(), cell.events()));
            CellKey.Cell parts = CellKey.parse(cell.key());
            context.timerService()
                    .registerEventTimeTimer(CellAggregate.expiry(parts.grain(), parts.bucket(), lateHorizonMs));
        }
    }
}
