package cn.binjiang.union.dashboards.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsoleFunctionsTest {
    private final ConsoleFunctions functions = ConsoleFunctions.load();

    @Test
    void theAllowListHasWhatAnalystsUseWithTheirCombinatorsAndLetterCase() {
        assertThat(functions.allows("sum")).isTrue();
        assertThat(functions.allows("SUM")).isTrue(); // ClickHouse takes sum in any case
        assertThat(functions.allows("sumIf")).isTrue();
        assertThat(functions.allows("uniqExactDistinctIf")).isTrue();
        assertThat(functions.allows("avgOrNull")).isTrue();
        assertThat(functions.allows("quantilesStateMerge")).isTrue();
        assertThat(functions.allows("countDistinct")).isTrue();
        assertThat(functions.allows("row_number")).isTrue();
        assertThat(functions.allows("toStartOfMonth")).isTrue();
        assertThat(functions.allows("lambda")).isTrue();
        assertThat(functions.allows("multiIf")).isTrue();
        assertThat(functions.allows("caseWithExpression")).isTrue();
        assertThat(functions.allows("_CAST")).isTrue();
        assertThat(functions.allows("in")).isTrue();
        assertThat(functions.allows("exists")).isTrue(); // EXISTS (subquery): the subquery is checked as any other
    }

    @Test
    void whatReachesOutsideIsNotListedInAnyCaseOrWithACombinator() {
        for (String name : new String[] {
            "file",
            "FILE",
            "url",
            "getSetting",
            "getSettingOrDefault",
            "getMergeTreeSetting",
            "hasColumnInTable",
            "currentUser",
            "version",
            "VERSION",
            "uptime",
            "sleep",
            "sleepEachRow",
            "throwIf",
            "aggThrow",
            "dictGet",
            "dictGetString",
            "joinGet",
            "getServerSetting",
            "getMacro",
            "hostName",
            "currentQueryID",
            "filesystemAvailable",
            "fileIf",
            "sleepEachRowIf",
            "versionIf",
            "aiGenerate",
            "lambdaIf",
            "sumIfx"
        }) {
            assertThat(functions.allows(name)).as(name).isFalse();
        }
    }

    @Test
    void aScalarFunctionTakesNoCombinator() {
        assertThat(functions.allows("lower")).isTrue();
        assertThat(functions.allows("lowerIf")).isFalse();
        assertThat(functions.allows("toStartOfMonthState")).isFalse();
    }
}
