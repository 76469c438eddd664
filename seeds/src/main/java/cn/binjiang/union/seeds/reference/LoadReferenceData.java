package cn.binjiang.union.seeds.reference;

import cn.binjiang.union.seeds.generator.EnterpriseRoster;
import cn.binjiang.union.seeds.generator.RosterEnterprise;
import cn.binjiang.union.settings.Endpoints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;

/**
 * {@code LoadReferenceData}: loads the dimension tables, the synthetic enterprise roster and the
 * annual targets into the ClickHouse at CLICKHOUSE_URL (user CLICKHOUSE_USER, password
 * CLICKHOUSE_PASSWORD). Run by {@code ./platform up}; reloading replaces the rows.
 */
public final class LoadReferenceData {
    /** The roster every part of the platform agrees on: the generator draws its enterprises from it. */
    public static final long ROSTER_SEED = 2022;

    public static final int ROSTER_SIZE = 3_000;

    private LoadReferenceData() {}

    public static List<RosterEnterprise> roster() {
        return EnterpriseRoster.generate(ROSTER_SEED, ROSTER_SIZE);
    }

    public static void main(String[] args) throws Exception {
        String url = System.getenv().getOrDefault("CLICKHOUSE_URL", Endpoints.CLICKHOUSE_URL);
        try (Connection c = DriverManager.getConnection(
                url,
                System.getenv().getOrDefault("CLICKHOUSE_USER", "default"),
                System.getenv().getOrDefault("CLICKHOUSE_PASSWORD", ""))) {
            List<RosterEnterprise> roster = roster();
            ReferenceTables.load(c, roster);
            int targets = ReferenceTables.loadTargets(c);
            System.out.println("reference data: " + String.join(", ", ReferenceTables.DIMENSIONS) + ", " + roster.size()
                    + " enterprises, " + targets + " targets loaded");
        }
    }
}
