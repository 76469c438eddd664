package cn.binjiang.union.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class LoadRowsTest {
    @Test
    void anIdReadsAsClientInsertAndRow() {
        long id = LoadRows.id(17, 42, 517);

        assertThat(id).isEqualTo(17_000000042_517L);
        assertThat(LoadRows.clientOf(id)).isEqualTo(17);
        assertThat(LoadRows.batchOf(id)).isEqualTo(42);
        assertThat(LoadRows.rowOf(id)).isEqualTo(517);
    }

    @Test
    void theLargestClientInsertAndRowStillFitAnId() {
        long id = LoadRows.id(LoadRows.MAX_CLIENTS - 1, LoadRows.MAX_BATCHES - 1, LoadRows.BATCH_ROWS - 1);

        assertThat(id).isPositive();
        assertThat(LoadRows.clientOf(id)).isEqualTo(LoadRows.MAX_CLIENTS - 1);
        assertThat(LoadRows.batchOf(id)).isEqualTo(LoadRows.MAX_BATCHES - 1);
        assertThat(LoadRows.rowOf(id)).isEqualTo(LoadRows.BATCH_ROWS - 1);
    }

    @Test
    void noTwoInsertsShareAnId() {
        assertThat(LoadRows.id(0, 1, 0)).isEqualTo(LoadRows.id(0, 0, LoadRows.BATCH_ROWS - 1) + 1);
        assertThat(LoadRows.id(1, 0, 0))
                .isEqualTo(LoadRows.id(0, LoadRows.MAX_BATCHES - 1, LoadRows.BATCH_ROWS - 1) + 1);
    }

    @Test
    void refusesWhatWouldSpillIntoTheNextClientOrInsert() {
        assertThatThrownBy(() -> LoadRows.id(0, 0, LoadRows.BATCH_ROWS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadRows.id(0, LoadRows.MAX_BATCHES, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadRows.id(LoadRows.MAX_CLIENTS, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadRows.id(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSqlSplitsAnIdAsTheJavaDoes() {
        assertThat(LoadRows.CLIENT_SQL).isEqualTo("intDiv(id, 1000000000000)");
        assertThat(LoadRows.BATCH_SQL).isEqualTo("intDiv(id % 1000000000000, 1000)");
    }

    @Test
    void aBatchIsItsRowsInRowBinaryInTheTablesColumnOrder() {
        byte[] body = LoadRows.batch(3, 9, 1_700_000_000L);

        assertThat(body).hasSize(LoadRows.BATCH_ROWS * LoadRows.ROW_BYTES);
        ByteBuffer in = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        for (int row = 0; row < LoadRows.BATCH_ROWS; row++) {
            long id = in.getLong();
            assertThat(id).isEqualTo(LoadRows.id(3, 9, row));
            assertThat(in.getShort()).isEqualTo((short) 3);
            assertThat(in.get()).isEqualTo((byte) (row % LoadRows.CATEGORIES));
            assertThat(in.getInt()).isEqualTo(row + 1);
            assertThat(in.getInt()).isEqualTo(1_700_000_000);
        }
        assertThat(in.hasRemaining()).isFalse();
        assertThat(LoadRows.COLUMNS).isEqualTo("id UInt64, client UInt16, category UInt8, amount UInt32, at DateTime");
    }
}
