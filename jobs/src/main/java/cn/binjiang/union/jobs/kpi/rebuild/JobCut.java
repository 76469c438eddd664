package cn.binjiang.union.jobs.kpi.rebuild;

import cn.binjiang.union.jobs.kpi.KpiJob;
import cn.binjiang.union.jobs.kpi.functions.CellAggregate;
import cn.binjiang.union.jobs.kpi.functions.CellAggregate.CellTotal;
import cn.binjiang.union.schema.kpi.CellKey;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplitSerializer;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.apache.kafka.common.TopicPartition;

/**
 * What a savepoint of the running KPI job says to a rebuild (Flink's State Processor API, batch): how far its
 * two Kafka sources had read their topics, and the totals of the cells of the rebuild's scope. The intake's part of
 * the cut says which raw rows the savepoint's state counted (every sink flushes before the barrier), the adjustments
 * source's part how far it had applied earlier rebuilds; a partition is named by its topic, so one cut holds both.
 *
 * @param askedAt when the rebuild asked for the savepoint (epoch ms, its own clock): whatever the job wrote later
 *     came after the cut
 * @param topics per partition of the event topics and of kpi-rebuilds, the next offset the job was to read
 * @param cells the totals of the scope's cells the state held, by {@link CellKey}
 */
record JobCut(String savepoint, long askedAt, TopicCut topics, Map<String, CellTotal> cells) {
    /** The name of the list state in which a Flink source keeps its readers' splits ({@code SourceOperator}). */
    private static final String SOURCE_SPLITS = "SourceReaderState";

    static JobCut read(String savepoint, long askedAt, RebuildScope.Cells scope) throws Exception {
        // Two batch jobs, each drained by its own executeAndCollect: one job collecting both into iterators drained
        // after it ends hangs once the cells fill the collect sink's buffer.
        Map<TopicPartition, Long> next;
        SavepointReader sources = reader(savepoint);
        try (CloseableIterator<byte[]> splits = splits(sources, KpiJob.INTAKE)
                .union(splits(sources, KpiJob.REBUILD_ADJUSTMENTS))
                .executeAndCollect("kpi-rebuild-read-splits")) {
            next = nextOffsets(splits);
        }
        try (CloseableIterator<StoredCell> cells = reader(savepoint)
                .readKeyedState(
                        OperatorIdentifier.forUid(KpiJob.AGGREGATE_CELLS),
                        new ReadCells(),
                        Types.STRING,
                        TypeInformation.of(StoredCell.class))
                .filter(cell -> {
                    CellKey.Cell parts = CellKey.parse(cell.key());
                    return scope.cover(parts.kpiId(), parts.bucket());
                })
                .executeAndCollect("kpi-rebuild-read-cells")) {
            return new JobCut(savepoint, askedAt, TopicCut.of(next), totals(cells));
        }
    }

    private static DataStream<byte[]> splits(SavepointReader reader, String sourceUid) throws IOException {
        return reader.readListState(
                OperatorIdentifier.forUid(sourceUid),
                SOURCE_SPLITS,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    private static Map<TopicPartition, Long> nextOffsets(CloseableIterator<byte[]> splits) throws IOException {
        Map<TopicPartition, Long> next = new HashMap<>();
        KafkaPartitionSplitSerializer serializer = new KafkaPartitionSplitSerializer();
        while (splits.hasNext()) {
            KafkaPartitionSplit split =
                    SimpleVersionedSerialization.readVersionAndDeSerialize(serializer, splits.next());
            // a split that has not read a record since the job started without state holds a placeholder (earliest,
            // latest, committed): nothing of its partition is in the state
            next.put(split.getTopicPartition(), Math.max(0, split.getStartingOffset()));
        }
        return next;
    }

    private static SavepointReader reader(String savepoint) throws IOException {
        Configuration batch = new Configuration();
        batch.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        return SavepointReader.read(
                StreamExecutionEnvironment.getExecutionEnvironment(batch), savepoint, new HashMapStateBackend());
    }

    private static Map<String, CellTotal> totals(CloseableIterator<StoredCell> cells) {
        Map<String, CellTotal> totals = new HashMap<>();
        while (cells.hasNext()) {
            StoredCell cell = cells.next();
            totals.put(cell.key(), new CellTotal(cell.value(), cell.events()));
        }
        return totals;
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
}
