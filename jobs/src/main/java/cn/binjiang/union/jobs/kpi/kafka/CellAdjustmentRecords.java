package cn.binjiang.union.jobs.kpi.kafka;

import cn.binjiang.union.schema.topic.CellAdjustment;
import cn.binjiang.union.schema.topic.CellAdjustmentJson;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KPI job's reader of the kpi-rebuilds topic ({@link CellAdjustmentJson}). Only {@code kpi rebuild} writes there,
 * so a record that breaks the contract is a foreign writer or a bug: it is logged with its position and left in the
 * topic (failing the job would only read it again on every restart), and the rebuild that waits for it says it did
 * not arrive.
 */
public final class CellAdjustmentRecords implements KafkaRecordDeserializationSchema<CellAdjustment> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CellAdjustmentRecords.class);

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<CellAdjustment> out) {
        try {
            out.collect(CellAdjustmentJson.read(record.value()));
        } catch (IOException e) {
            LOG.error("{}/{}/{} not applied: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    @Override
    public TypeInformation<CellAdjustment> getProducedType() {
        return TypeInformation.of(CellAdjustment.class);
    }
}
