package cn.binjiang.union.schema.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CellKeyTest {
    @Test
    void aKeyReadsBackIntoTheCoordinatesItWasSpelledFrom() {
        String key = CellKey.of("members_joined", "month", 19_000, "xixing", "", "courier", "");

        assertThat(key).isEqualTo("members_joined|month|19000|xixing||courier|");
        assertThat(CellKey.parse(key))
                .isEqualTo(new CellKey.Cell("members_joined", "month", 19_000, "xixing", "", "courier", ""));
    }

    @Test
    void whatIsNoCellKeyIsRefusedWithTheKey() {
        assertThatThrownBy(() -> CellKey.parse("members_joined|month|19000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a KPI cell key: members_joined|month|19000");
        assertThatThrownBy(() -> CellKey.parse("members_joined|month|may||||"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("its bucket is no epoch day");
    }
}
