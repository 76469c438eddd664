package cn.binjiang.union.dashboards;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Hostile SQL console inputs built from ClickHouse's grammar, each with the answer it must get. The pieces are
 * combined rather than listed, so that every way of hiding a quote is tried with every payload, every SETTINGS
 * placement with every limit, every keyword alias with every table an officer may not read, and so on.
 *
 * <p>Longer than 300 lines on purpose: it is data, the grammar's pieces and the answer each must get, read best in one place.
 */
public final class HostileConsoleInputs {
    /**
     * Whom the input is sent as: both roles; officers only, when an analyst may read what it reads (the platform's
     * tables); analysts only, for spellings of a refusal that an officer gets for any table function or table.
     */
    public enum Audience {
        EVERYONE,
        OFFICERS,
        ANALYSTS
    }

    /**
     * An input and its answer: a refusal's status and a part of its error that names the reason, or status 200
     * and the exact rows (the input only looks hostile: its hostile part is inside a comment).
     */
    public record Hostile(String sql, Audience audience, int status, String expected) {
        /** Refused before it runs (by the console's guard); the others pass it and get their answer from running. */
        public boolean refusedUnrun() {
            return status != 200 && !expected.startsWith("result");
        }
    }

    /** The table functions an analyst may call; kept here, not read from the guard, so that widening it fails. */
    static final Set<String> ALLOWED_TABLE_FUNCTIONS =
            Set.of("numbers", "numbers_mt", "zeros", "zeros_mt", "values", "generate_series", "generateSeries");
    /** The catalogue tables of {@code system} an analyst may read; kept here for the same reason. */
    static final Set<String> CATALOGUE = Set.of(
            "one",
            "numbers",
            "numbers_mt",
            "zeros",
            "zeros_mt",
            "databases",
            "tables",
            "columns",
            "functions",
            "table_functions",
            "data_type_families",
            "time_zones",
            "formats");

    private static final String NOT_ONE_SELECT =
            "the console runs one SELECT (or a UNION of SELECTs) without FORMAT, INTO OUTFILE or SETTINGS";
    private static final String MULTI = "(Multi-statements are not allowed)";

    private final String database;
    private final String probe;
    private final String outfile;
    private final String clickhouseUrl;

    /**
     * @param database the platform's database the console reads
     * @param probe a file whose content must never come back
     * @param outfile a path that must never be written
     * @param clickhouseUrl the engine's own HTTP address, for url() to loop back to
     */
    public HostileConsoleInputs(String database, Path probe, Path outfile, String clickhouseUrl) {
        this.database = database;
        this.probe = probe.toAbsolutePath().toString();
        this.outfile = outfile.toAbsolutePath().toString();
        this.clickhouseUrl = clickhouseUrl;
    }

    /**
     * {@code SELECT * FROM <name>(...)} for every table function but the allowed ones, as both roles; in backquotes
     * and in upper case as an analyst, whose allow-list is the one a spelling could slip past.
     */
    public List<Hostile> tableFunctions(List<String> names) {
        List<Hostile> out = new ArrayList<>();
        for (String name : names) {
            if (ALLOWED_TABLE_FUNCTIONS.contains(name)) continue;
            String reason = "table function " + name.toLowerCase(Locale.ROOT) + "()";
            String arguments = "(" + tableFunctionArguments(name) + ")";
            out.add(new Hostile("SELECT * FROM " + name + arguments, Audience.EVERYONE, 403, reason));
            out.add(new Hostile("SELECT * FROM `" + name + "`" + arguments, Audience.ANALYSTS, 403, reason));
            out.add(new Hostile(
                    "SELECT * FROM " + name.toUpperCase(Locale.ROOT) + arguments, Audience.ANALYSTS, 403, reason));
        }
        return out;
    }

    /** Arguments each table function parses with, so that it is its name, not a syntax error, that is refused. */
    private String tableFunctionArguments(String name) {
        return switch (name) {
            case "url", "urlCluster" -> "'" + clickhouseUrl + "/?query=SELECT%201', 'LineAsString'";
            case "executable" -> "'cat', 'LineAsString', 'line String'";
            case "remote", "remoteSecure" -> "'127.0.0.1:9000', 'default', 'kpi_values'";
            case "cluster", "clusterAllReplicas" -> "'default', default.kpi_values";
            case "merge" -> "'default', '.*'";
            case "view" -> "SELECT * FROM kpi_values";
            case "viewIfPermitted" -> "SELECT * FROM kpi_values ELSE zeros(1)";
            case "viewExplain" -> "'EXPLAIN', '', (SELECT 1)";
            case "format" -> "TSV, 'a'";
            case "null", "input" -> "'x String'";
            case "loop" -> "kpi_values";
            case "generateRandom" -> "'a String', 1, 10";
            case "fuzzJSON" -> "'{}'";
            case "fuzzQuery" -> "'SELECT 1'";
            case "primes", "SQLStandardValues" -> "10";
            case "mergeTreeIndex", "mergeTreeAnalyzeIndexes", "timeSeriesData", "timeSeriesTags", "timeSeriesMetrics" ->
                "default, kpi_values";
            case "mergeTreeProjection", "mergeTreeTextIndex" -> "default, kpi_values, p";
            case "dictionary" -> "'d'";
            case "filesystem" -> "'/'";
            default -> "'" + probe + "', 'LineAsString'";
        };
    }

    /**
     * {@code system.<name>} for every system table outside the catalogue as an analyst (an officer reads no table of
     * {@code system} at all), then a few spellings and places of one of them as both roles.
     */
    public List<Hostile> systemTables(List<String> names) {
        List<Hostile> out = new ArrayList<>();
        for (String name : names) {
            if (CATALOGUE.contains(name)) continue;
            out.add(new Hostile("SELECT * FROM system." + name + " LIMIT 1", Audience.ANALYSTS, 403, "system." + name));
        }
        for (String spelling : List.of(
                "`system`.`processes`",
                "\"system\".\"processes\"",
                "system/**/./**/processes",
                "system . processes",
                "`system` . `processes`")) {
            out.add(new Hostile("SELECT count() AS n FROM " + spelling, Audience.EVERYONE, 403, "system.processes"));
        }
        out.add(new Hostile(
                "SELECT 1 AS n UNION ALL SELECT count() FROM system.settings",
                Audience.EVERYONE,
                403,
                "system.settings"));
        out.add(new Hostile(
                "SELECT count() AS n FROM kpi_latest WHERE street IN (SELECT query FROM system.processes)",
                Audience.EVERYONE,
                403,
                "system.processes"));
        out.add(new Hostile(
                "SELECT (SELECT count() FROM system.settings) AS n", Audience.EVERYONE, 403, "system.settings"));
        out.add(new Hostile(
                "SELECT * FROM kpi_latest AS k JOIN system.processes AS p ON 1",
                Audience.EVERYONE,
                403,
                "system.processes"));
        return out;
    }

    /** The rest of the grammar: quotes, comments, clauses, aliases, IN, functions, several statements, writes. */
    public List<Hostile> grammar() {
        List<Hostile> out = new ArrayList<>();
        out.addAll(hiddenQuotes());
        out.addAll(commentedOut());
        out.addAll(settings());
        out.addAll(formats());
        out.addAll(outfiles());
        out.addAll(outsideTheOfficersViews());
        out.addAll(keywordAliases());
        out.addAll(inOracles());
        out.addAll(functions());
        out.addAll(malformed());
        out.addAll(multiStatements());
        out.addAll(writes());
        out.addAll(unprintedParseNodes());
        out.addAll(disguises());
        return out;
    }

    /**
     * The reproducers of the issue that found a lexer of the console's own to be fooled (heredocs, keyword aliases).
     */
    public List<Hostile> reproducers() {
        String passwd = "line FROM file('/etc/passwd','LineAsString')";
        List<Hostile> out = new ArrayList<>(List.of(
                new Hostile("SELECT $$'$$ AS h, " + passwd + " -- '", Audience.EVERYONE, 403, "file()"),
                new Hostile(
                        "SELECT $$'$$ AS h, line FROM url('" + clickhouseUrl
                                + "/?query=SELECT%20name%20FROM%20system.tables', " + "'LineAsString') -- '",
                        Audience.EVERYONE,
                        403,
                        "url()"),
                new Hostile(
                        "SELECT $$'$$ AS h, query FROM system.processes -- '",
                        Audience.EVERYONE,
                        403,
                        "system.processes"),
                new Hostile(
                        "SELECT $$'$$ AS h, name, value FROM system.settings -- '",
                        Audience.EVERYONE,
                        403,
                        "system.settings"),
                new Hostile(
                        "SELECT $$'$$ AS h, 'xixing' AS street, s, n FROM (SELECT street AS s, count() AS n FROM kpi_values GROUP BY street) -- '",
                        Audience.OFFICERS,
                        403,
                        "(got 'kpi_values')"),
                new Hostile(
                        "SELECT $$'$$ AS h, 'x' INTO OUTFILE '" + outfile + "' APPEND FORMAT TSVRaw -- '",
                        Audience.EVERYONE,
                        403,
                        "without FORMAT, INTO OUTFILE or SETTINGS"),
                new Hostile(
                        "SELECT $$'$$ AS h, sum(sleepEachRow(1)) FROM numbers(30) SETTINGS max_block_size=1, max_execution_time=0 -- '",
                        Audience.EVERYONE,
                        403,
                        "SETTINGS"),
                new Hostile("SELECT ('puyan','x','y','z') IN (streets)", Audience.OFFICERS, 403, "(got 'streets')")));
        for (String alias : List.of("offset", "window", "qualify", "limit", "having")) {
            out.add(new Hostile(
                    "SELECT * FROM (SELECT street FROM kpi_latest LIMIT 1) AS " + alias
                            + ", enterprises AS e WHERE e.street_code='changhe' LIMIT 2",
                    Audience.OFFICERS,
                    403,
                    "(got 'enterprises')"));
        }
        for (String call : List.of(
                "getSettingOrDefault('max_execution_time', 0)",
                "getMergeTreeSetting('index_granularity')",
                "hasColumnInTable('default', 'kpi_values', 'street')",
                "currentUser()",
                "version()",
                "uptime()")) {
            out.add(new Hostile(
                    "SELECT " + call + " AS x", Audience.OFFICERS, 403, call.substring(0, call.indexOf('(')) + "()"));
        }
        return out;
    }

    /**
     * A quote a naive lexer believes open (heredocs, escapes, comments) in front of a payload that reaches out: a
     * file, another street's table, and in turn a scalar file(), a private system table and url().
     */
    private List<Hostile> hiddenQuotes() {
        List<UnaryOperator<String>> disguises = List.of(
                p -> "SELECT $$'$$ AS h, " + p + " -- '",
                p -> "SELECT $tag$'$tag$ AS h, " + p + " -- '",
                p -> "SELECT $a$ $$ ' $a$ AS h, " + p + " /* ' */",
                p -> "SELECT '$$' AS h, " + p + " -- $$",
                p -> "SELECT $$--$$ AS h, " + p,
                p -> "SELECT $$/*$$ AS h, " + p + " -- */",
                p -> "SELECT 'it''s' AS h, " + p,
                p -> "SELECT 'a\\'' AS h, " + p + " -- \\'",
                p -> "SELECT '\\\\' AS h, " + p + " -- '",
                p -> "SELECT 1 AS `h'`, " + p + " -- '",
                p -> "SELECT /* ' */ " + p,
                p -> "SELECT 1 AS h, -- '\n" + p,
                p -> "SELECT 1 AS h, # '\n" + p,
                p -> "SELECT 1 /* /* ' */ */ AS h, " + p);
        List<Hostile> reaching = List.of(
                new Hostile("file('" + probe + "') AS f", Audience.EVERYONE, 403, "file()"),
                new Hostile("query FROM system.processes", Audience.EVERYONE, 403, "system.processes"),
                new Hostile(
                        "line FROM url('" + clickhouseUrl + "/?query=SELECT%201', 'LineAsString')",
                        Audience.EVERYONE,
                        403,
                        "url()"));
        List<Hostile> out = new ArrayList<>();
        for (int i = 0; i < disguises.size(); i++) {
            UnaryOperator<String> disguise = disguises.get(i);
            Hostile third = reaching.get(i % reaching.size());
            out.add(new Hostile(
                    disguise.apply("line FROM file('" + probe + "', 'LineAsString')"),
                    Audience.EVERYONE,
                    403,
                    "file()"));
            out.add(new Hostile(
                    disguise.apply("street, value FROM kpi_values"), Audience.OFFICERS, 403, "(got 'kpi_values')"));
            out.add(new Hostile(disguise.apply(third.sql()), third.audience(), third.status(), third.expected()));
        }
        return out;
    }

    /** Hostile text inside comments of every kind: the comment is all that stays of it. */
    private List<Hostile> commentedOut() {
        String one = "[{\"1\":1}]";
        return List.of(
                new Hostile("SELECT 1 /* /* nested */ ; DROP TABLE kpi_values */", Audience.EVERYONE, 200, one),
                new Hostile("SELECT 1 /* /* */ UNION ALL SELECT file('" + probe + "') */", Audience.EVERYONE, 200, one),
                new Hostile("SELECT 1 -- ; DROP TABLE kpi_values", Audience.EVERYONE, 200, one),
                new Hostile("SELECT 1 # , file('" + probe + "')", Audience.EVERYONE, 200, one),
                new Hostile("SELECT 1 #! , file('" + probe + "')", Audience.EVERYONE, 200, one),
                new Hostile(
                        "SELECT 1 /* */ -- */ UNION ALL SELECT file('" + probe + "')", Audience.EVERYONE, 200, one));
    }

    /** SETTINGS at the top and in every kind of subquery, with the limits the console user's profile holds. */
    private List<Hostile> settings() {
        List<UnaryOperator<String>> placements = List.of(
                s -> "SELECT 1 AS x SETTINGS " + s,
                s -> "SELECT * FROM (SELECT 1 AS x SETTINGS " + s + ")",
                s -> "SELECT 1 AS x WHERE 1 IN (SELECT 1 SETTINGS " + s + ")",
                s -> "SELECT (SELECT 1 SETTINGS " + s + ") AS x",
                s -> "SELECT 1 AS x UNION ALL SELECT 2 SETTINGS " + s);
        List<Hostile> out = new ArrayList<>();
        for (String setting :
                List.of("max_execution_time = 0", "max_memory_usage = 0", "max_rows_to_read = 0", "readonly = 0")) {
            for (UnaryOperator<String> placement : placements) {
                out.add(new Hostile(placement.apply(setting), Audience.EVERYONE, 403, "SETTINGS"));
            }
        }
        return out;
    }

    private List<Hostile> formats() {
        List<Hostile> out = new ArrayList<>();
        for (String format : List.of("JSON", "Native", "TSVRaw", "Template", "Null", "Parquet", "CSVWithNames")) {
            out.add(new Hostile("SELECT 1 AS x FORMAT " + format, Audience.EVERYONE, 403, NOT_ONE_SELECT));
        }
        out.add(new Hostile("SELECT 1 AS x UNION ALL SELECT 2 FORMAT JSON", Audience.EVERYONE, 403, NOT_ONE_SELECT));
        out.add(new Hostile(
                "SELECT * FROM (SELECT 1 FORMAT TSV)", Audience.EVERYONE, 400, "ClickHouse cannot parse the query"));
        return out;
    }

    /** INTO OUTFILE with each of its modifiers, the path quoted and as a heredoc. */
    private List<Hostile> outfiles() {
        List<Hostile> out = new ArrayList<>();
        for (String path : List.of("'" + outfile + "'", "$$" + outfile + "$$")) {
            for (String modifier : List.of(
                    "",
                    " TRUNCATE",
                    " APPEND",
                    " AND STDOUT",
                    " COMPRESSION 'gzip'",
                    " FORMAT CSV",
                    " APPEND FORMAT TSVRaw")) {
                out.add(new Hostile(
                        "SELECT 1 AS x INTO OUTFILE " + path + modifier, Audience.EVERYONE, 403, NOT_ONE_SELECT));
            }
        }
        out.add(new Hostile("select 1 into outfile '" + outfile + "'", Audience.EVERYONE, 403, NOT_ONE_SELECT));
        out.add(new Hostile(
                "WITH 1 AS x SELECT x INTO OUTFILE '" + outfile + "'", Audience.EVERYONE, 403, NOT_ONE_SELECT));
        out.add(new Hostile(
                "SELECT 1 AS x UNION ALL SELECT 2 INTO OUTFILE '" + outfile + "'",
                Audience.EVERYONE,
                403,
                NOT_ONE_SELECT));
        out.add(new Hostile(
                "SELECT $$'$$ AS h, 'x' INTO OUTFILE '" + outfile + "' APPEND FORMAT TSVRaw -- '",
                Audience.EVERYONE,
                403,
                NOT_ONE_SELECT));
        return out;
    }

    /**
     * The views by their full name (past the console's scoped views), the other tables, the analysts' table functions.
     */
    private List<Hostile> outsideTheOfficersViews() {
        List<Hostile> out = new ArrayList<>();
        for (String view :
                List.of(database + ".kpi_latest", "`" + database + "`.`kpi_progress`", "default.kpi_latest")) {
            String name = view.replace("`", "");
            out.add(new Hostile("SELECT sum(value) AS v FROM " + view, Audience.OFFICERS, 403, "(got '" + name + "')"));
            out.add(new Hostile(
                    "SELECT count() AS n FROM kpi_latest WHERE (kpi_id, street) IN (SELECT kpi_id, street FROM " + view
                            + ")",
                    Audience.OFFICERS,
                    403,
                    "(got '" + name + "')"));
        }
        for (String table : List.of("aid_events", "targets", "streets", "kpi_values")) {
            out.add(new Hostile(
                    "SELECT count() AS n FROM kpi_latest JOIN " + table + " USING (street)",
                    Audience.OFFICERS,
                    403,
                    "(got '" + table + "')"));
            out.add(new Hostile(
                    "SELECT count() AS n FROM kpi_latest AS k CROSS JOIN " + table + " AS t",
                    Audience.OFFICERS,
                    403,
                    "(got '" + table + "')"));
        }
        for (String function :
                List.of("numbers(3)", "numbers_mt(3)", "zeros(1)", "values('x UInt8', 1)", "generate_series(1, 2)")) {
            String name = function.substring(0, function.indexOf('('));
            out.add(new Hostile(
                    "SELECT count() AS n FROM kpi_latest, " + function + " AS f",
                    Audience.OFFICERS,
                    403,
                    "table function " + name + "() is not allowed in the console for a street officer"));
        }
        return out;
    }

    /** A keyword as a subquery's alias, then a comma join to a table an officer may not read. */
    private List<Hostile> keywordAliases() {
        List<Hostile> out = new ArrayList<>();
        for (String keyword : List.of("offset", "window", "qualify", "limit", "having", "from", "select")) {
            for (String table : List.of("enterprises", "kpi_values", "streets")) {
                out.add(new Hostile(
                        "SELECT * FROM (SELECT street FROM kpi_latest LIMIT 1) AS " + keyword + ", " + table
                                + " AS t LIMIT 2",
                        Audience.OFFICERS,
                        403,
                        "(got '" + table + "')"));
            }
            out.add(new Hostile(
                    "SELECT * FROM kpi_latest AS " + keyword + ", enterprises AS e WHERE e.street_code = 'changhe'",
                    Audience.OFFICERS,
                    403,
                    "(got 'enterprises')"));
        }
        return out;
    }

    /** IN, NOT IN, GLOBAL IN and their function forms with a table an officer may not read on the right. */
    private List<Hostile> inOracles() {
        List<UnaryOperator<String>> forms = List.of(
                t -> "SELECT 'changhe' IN " + t + " AS x",
                t -> "SELECT 'changhe' IN (" + t + ") AS x",
                t -> "SELECT 'changhe' GLOBAL IN " + t + " AS x",
                t -> "SELECT 'changhe' NOT IN " + t + " AS x",
                t -> "SELECT 'changhe' GLOBAL NOT IN " + t + " AS x",
                t -> "SELECT in('changhe', " + t + ") AS x",
                t -> "SELECT globalNotIn('changhe', " + t + ") AS x",
                t -> "SELECT ('puyan', 'x', 'y', 'z') IN (" + t + ") AS x",
                t -> "SELECT count() AS n FROM kpi_latest WHERE street IN (SELECT * FROM " + t + ")");
        List<Hostile> out = new ArrayList<>();
        for (String table : List.of("streets", "kpi_values", "enterprises")) {
            for (UnaryOperator<String> form : forms) {
                out.add(new Hostile(form.apply(table), Audience.OFFICERS, 403, "(got '" + table + "')"));
            }
        }
        return out;
    }

    /** Functions that read files, URLs, dictionaries, settings or the server, or that stall or fail on purpose. */
    private List<Hostile> functions() {
        List<String> calls = List.of(
                "file('" + probe + "')",
                "dictGet('d', 'a', toUInt64(1))",
                "dictGetString('d', 'a', toUInt64(1))",
                "dictHas('d', toUInt64(1))",
                "joinGet('j', 'v', 1)",
                "joinGetOrNull('j', 'v', 1)",
                "getSetting('max_execution_time')",
                "getSettingOrDefault('max_execution_time', 0)",
                "getServerSetting('path')",
                "getMergeTreeSetting('index_granularity')",
                "hasColumnInTable('default', 'kpi_values', 'street')",
                "currentUser()",
                "currentProfiles()",
                "user()",
                "version()",
                "uptime()",
                "hostName()",
                "fqdn()",
                "filesystemAvailable()",
                "serverUUID()",
                "queryID()",
                "buildId()",
                "getMacro('x')",
                "getClientHTTPHeader('Cookie')",
                "sleep(3)",
                "sleepEachRow(1)",
                "throwIf(1)",
                "rand()");
        List<Hostile> out = new ArrayList<>();
        for (String call : calls) {
            String name = call.substring(0, call.indexOf('('));
            String reason = name + "()";
            out.add(new Hostile("SELECT " + call + " AS x", Audience.EVERYONE, 403, reason));
            out.add(new Hostile(
                    "SELECT `" + name + "`" + call.substring(name.length()) + " AS x FROM (SELECT 1)",
                    Audience.ANALYSTS,
                    403,
                    reason));
        }
        return out;
    }

    /** Keywords split or hidden by comments, unclosed text, look-alike characters, odd spellings, unbounded reads. */
    private List<Hostile> malformed() {
        String parse = "ClickHouse cannot parse the query: ";
        return List.of(
                new Hostile("/* SELECT */ DROP TABLE kpi_values", Audience.EVERYONE, 403, NOT_ONE_SELECT),
                new Hostile("-- SELECT\nDROP TABLE kpi_values", Audience.EVERYONE, 403, NOT_ONE_SELECT),
                new Hostile("SEL/**/ECT 1", Audience.EVERYONE, 400, parse + "Code: 62."),
                new Hostile("SELECT 1 /* never closed", Audience.EVERYONE, 400, "Multiline comment is not closed"),
                new Hostile("SELECT 'never closed", Audience.EVERYONE, 400, "Single quoted string is not closed"),
                new Hostile("-- only a comment", Audience.EVERYONE, 400, "Empty query"),
                new Hostile("   ", Audience.EVERYONE, 400, "empty query"),
                new Hostile("\uFF33\uFF25\uFF2C\uFF25\uFF23\uFF34 1", Audience.EVERYONE, 400, "Unrecognized token"),
                new Hostile("SELECT name FROM system.us\u0435rs", Audience.EVERYONE, 400, "Unrecognized token"),
                // ClickHouse reads a zero-width space as white space
                new Hostile("SELECT\u200B1", Audience.EVERYONE, 200, "[{\"1\":1}]"),
                new Hostile(
                        "SELECT * FROM `file` ('/etc/passwd', 'LineAsString')",
                        Audience.EVERYONE,
                        403,
                        "table function file()"),
                new Hostile(
                        "SELECT * FROM merge('system', '^users$')", Audience.EVERYONE, 403, "table function merge()"),
                new Hostile(
                        "SELECT * FROM remote('127.0.0.1', system.one)",
                        Audience.EVERYONE,
                        403,
                        "table function remote()"),
                new Hostile(
                        "SELECT 1 AS n UNION ALL SELECT number FROM system.numbers",
                        Audience.ANALYSTS,
                        400,
                        "result too large: more than 10000 rows (add a LIMIT or aggregate)"),
                new Hostile(
                        "SELECT count() FROM numbers(100000000000)",
                        Audience.ANALYSTS,
                        400,
                        "result or work too large for the console's limits: Code: 158."));
    }

    private List<Hostile> multiStatements() {
        List<Hostile> out = new ArrayList<>();
        for (String sql : List.of(
                "SELECT 1; DROP TABLE kpi_values",
                "SELECT 1;DROP TABLE kpi_values;",
                "SELECT ';' AS a; DROP TABLE kpi_values",
                "SELECT 1 -- ;\n; DROP TABLE kpi_values",
                "SELECT 1 /* ; */ ; INSERT INTO kpi_values SELECT * FROM kpi_values",
                "SELECT 1; -- comment\nDROP TABLE kpi_values",
                "SELECT $$;$$ AS a; TRUNCATE TABLE enterprises",
                "SELECT 1; SELECT 2",
                "SELECT 'it''s;' AS a; DROP TABLE kpi_values",
                "SELECT 'a\\';' AS a; DROP TABLE kpi_values")) {
            out.add(new Hostile(sql, Audience.EVERYONE, 400, MULTI));
        }
        out.add(new Hostile("SELECT 1 \uFF1B DROP TABLE kpi_values", Audience.EVERYONE, 400, "Unrecognized token"));
        return out;
    }

    /**
     * Writes, DDL, SET, SYSTEM, KILL, grants, and the statements that are not SELECT (SHOW, DESCRIBE, EXPLAIN, ...).
     */
    private List<Hostile> writes() {
        List<Hostile> out = new ArrayList<>();
        for (String sql : List.of(
                "INSERT INTO kpi_values (kpi_id) VALUES ('x')",
                "INSERT INTO kpi_values SELECT * FROM kpi_values",
                "WITH 1 AS x INSERT INTO kpi_values SELECT * FROM kpi_values",
                "INSERT INTO FUNCTION file('" + outfile + "', 'TSV', 'a String') VALUES ('x')",
                "DROP TABLE kpi_values",
                "DROP TABLE IF EXISTS enterprises",
                "DROP DATABASE IF EXISTS default",
                "ALTER TABLE kpi_values DELETE WHERE 1",
                "ALTER TABLE enterprises UPDATE name = 'x' WHERE 1",
                "DELETE FROM kpi_values WHERE 1",
                "  delete from enterprises where 1",
                "CREATE TABLE t (x UInt8) ENGINE = Memory",
                "CREATE VIEW v AS SELECT * FROM kpi_values",
                "CREATE DICTIONARY d (k UInt64, v String) PRIMARY KEY k SOURCE(FILE(path '" + probe
                        + "' format 'TSV')) LAYOUT(FLAT()) LIFETIME(0)",
                "TRUNCATE TABLE kpi_values",
                "RENAME TABLE kpi_values TO kv",
                "OPTIMIZE TABLE kpi_values FINAL",
                "EXCHANGE TABLES kpi_values AND enterprises",
                "SET max_execution_time = 0",
                "SET readonly = 0",
                "SYSTEM STOP MERGES kpi_values",
                "SYSTEM SHUTDOWN",
                "SYSTEM DROP DNS CACHE",
                "KILL QUERY WHERE 1",
                "KILL QUERY WHERE user = 'reader' SYNC",
                "GRANT ALL ON *.* TO console",
                "CREATE USER evil IDENTIFIED BY 'x'",
                "USE system",
                "SHOW TABLES",
                "SHOW GRANTS",
                "SHOW USERS",
                "SHOW CREATE USER default",
                "SHOW CREATE TABLE kpi_values",
                "SHOW PROCESSLIST",
                "DESCRIBE TABLE kpi_values",
                "DESCRIBE TABLE system.users",
                "DESC system.users",
                "EXISTS TABLE kpi_values",
                "CHECK TABLE kpi_values",
                "BACKUP TABLE kpi_values TO File('" + outfile + "')")) {
            out.add(new Hostile(sql, Audience.EVERYONE, 403, NOT_ONE_SELECT));
        }
        // in FROM's parentheses, EXPLAIN is ClickHouse's table function viewExplain
        out.add(new Hostile("EXPLAIN SELECT 1", Audience.EVERYONE, 403, "table function viewexplain()"));
        out.add(new Hostile(
                "EXPLAIN AST SELECT * FROM file('" + probe + "')", Audience.EVERYONE, 403, "table function "));
        return out;
    }

    /**
     * What ClickHouse's lexing rules make of text a reader takes for something else: comments of every spelling
     * hiding or splitting keywords, Unicode look-alikes of letters, quotes and semicolons (and the Unicode quotes and
     * spaces ClickHouse does read as such), table functions nested in the arguments of allowed ones, SETTINGS in
     * every kind of subquery, FORMAT and INTO OUTFILE in every spelling.
     */
    private List<Hostile> disguises() {
        String one = "[{\"x\":1}]";
        String file = "file('" + probe + "', 'LineAsString')";
        String parse = "ClickHouse cannot parse the query: ";
        String unrecognized = "Unrecognized token";
        return List.of(
                // comments: what they hide is gone, what they split stays split, '#' is a comment before a space only
                new Hostile("SELECT 1 AS x /* FROM system.processes */", Audience.EVERYONE, 200, one),
                new Hostile("SELECT 1 AS x // , file('" + probe + "') AS f", Audience.EVERYONE, 200, one),
                new Hostile("SELECT 1 AS x /* /* */ , file('" + probe + "') AS f */", Audience.EVERYONE, 200, one),
                new Hostile("SELECT/**/line/**/FROM/**/" + file, Audience.EVERYONE, 403, "table function file()"),
                new Hostile(
                        "SELECT line FROM/* */file/* */('" + probe + "', 'LineAsString')",
                        Audience.EVERYONE,
                        403,
                        "table function file()"),
                new Hostile("SELECT 1 AS x -- \nFROM system.processes", Audience.EVERYONE, 403, "system.processes"),
                new Hostile("SELECT 1 AS x #!\n, file('" + probe + "') AS f", Audience.EVERYONE, 403, "file()"),
                new Hostile("SELECT 1 AS x /* */ , file('" + probe + "') AS f /* */", Audience.EVERYONE, 403, "file()"),
                new Hostile("SELECT 1 AS x #, file('" + probe + "') AS f", Audience.EVERYONE, 400, unrecognized),
                new Hostile(
                        "INSERT/**/INTO kpi_values SELECT * FROM kpi_values", Audience.EVERYONE, 403, NOT_ONE_SELECT),
                new Hostile("/*!SELECT 1*/ DROP TABLE kpi_values", Audience.EVERYONE, 403, NOT_ONE_SELECT),
                new Hostile("SELECT 1 AS x; -- SELECT 2", Audience.EVERYONE, 200, one),
                // look-alikes are bad tokens; the Unicode quotes, spaces and minus ClickHouse reads are what they look
                // like
                new Hostile("SELECT count() AS n FROM system.proc\u0435sses", Audience.EVERYONE, 400, unrecognized),
                new Hostile("SELECT count() AS n FROM \u0455ystem.processes", Audience.EVERYONE, 400, unrecognized),
                new Hostile(
                        "SELECT * FROM \uFF46ile('" + probe + "', 'LineAsString')",
                        Audience.EVERYONE,
                        400,
                        unrecognized),
                new Hostile("SELECT 1 AS x\u037E DROP TABLE kpi_values", Audience.EVERYONE, 400, unrecognized),
                new Hostile("SELECT \u2018x\u2019 AS a, file('" + probe + "') AS f", Audience.EVERYONE, 403, "file()"),
                new Hostile("SELECT \u201Cfile\u201D('" + probe + "') AS f", Audience.EVERYONE, 403, "file()"),
                new Hostile(
                        "SELECT count() AS n\u00A0FROM system.processes", Audience.EVERYONE, 403, "system.processes"),
                new Hostile("SELECT\u2028line FROM " + file, Audience.EVERYONE, 403, "table function file()"),
                new Hostile(
                        "SELECT 1 AS x,\uFEFFgetSetting('max_execution_time') AS s",
                        Audience.EVERYONE,
                        403,
                        "getSetting()"),
                new Hostile("SELECT 2 \u2212 1 AS x", Audience.EVERYONE, 200, one),
                // table functions nested in the arguments of the ones an analyst may call
                new Hostile(
                        "SELECT * FROM numbers((SELECT count() FROM " + file + "))",
                        Audience.ANALYSTS,
                        403,
                        "table function file()"),
                new Hostile(
                        "SELECT * FROM generate_series(1, (SELECT count() FROM url('" + clickhouseUrl
                                + "/?query=SELECT%201', 'LineAsString')))",
                        Audience.ANALYSTS,
                        403,
                        "table function url()"),
                new Hostile(
                        "SELECT * FROM zeros((SELECT count() FROM system.processes))",
                        Audience.ANALYSTS,
                        403,
                        "system.processes"),
                new Hostile(
                        "SELECT * FROM numbers(1) WHERE number IN (SELECT dummy FROM remote('127.0.0.1', system.one))",
                        Audience.ANALYSTS,
                        403,
                        "table function remote()"),
                new Hostile(
                        "SELECT * FROM (SELECT * FROM (SELECT * FROM " + file + "))",
                        Audience.EVERYONE,
                        403,
                        "table function file()"),
                new Hostile(
                        "SELECT * FROM numbers(1) AS a JOIN (SELECT * FROM merge('system', '^processes$')) AS b ON 1",
                        Audience.ANALYSTS,
                        403,
                        "table function merge()"),
                // SETTINGS at any depth, in any kind of subquery
                new Hostile(
                        "SELECT * FROM (SELECT * FROM (SELECT 1 AS x SETTINGS max_execution_time = 0))",
                        Audience.EVERYONE,
                        403,
                        "SETTINGS"),
                new Hostile(
                        "SELECT x FROM (SELECT 1 AS x) WHERE x IN (SELECT 1 UNION ALL SELECT 2 SETTINGS readonly = 0)",
                        Audience.EVERYONE,
                        403,
                        "SETTINGS"),
                new Hostile(
                        "WITH (SELECT 1 SETTINGS max_memory_usage = 0) AS s SELECT s",
                        Audience.EVERYONE,
                        403,
                        "SETTINGS"),
                new Hostile(
                        "SELECT count() AS n FROM kpi_latest AS k JOIN (SELECT 1 AS y SETTINGS max_rows_to_read = 0) AS m ON 1",
                        Audience.EVERYONE,
                        403,
                        "SETTINGS"),
                new Hostile(
                        "SELECT EXISTS (SELECT 1 SETTINGS max_execution_time = 0) AS e",
                        Audience.EVERYONE,
                        403,
                        "SETTINGS"),
                new Hostile(
                        "SELECT (SELECT (SELECT 1 SETTINGS readonly = 0)) AS x", Audience.EVERYONE, 403, "SETTINGS"),
                new Hostile(
                        "SELECT 1 AS x SETTINGS /* c */ max_execution_time = 0", Audience.EVERYONE, 403, "SETTINGS"),
                // FORMAT and INTO OUTFILE in every spelling
                new Hostile(
                        "SELECT 1 AS x FORMAT JSON SETTINGS max_execution_time = 0",
                        Audience.EVERYONE,
                        403,
                        NOT_ONE_SELECT),
                new Hostile(
                        "SELECT 1 AS x INTO OUTFILE '" + outfile
                                + "' FORMAT Template SETTINGS format_template_row = '/etc/passwd'",
                        Audience.EVERYONE,
                        403,
                        NOT_ONE_SELECT),
                new Hostile("SELECT 1 AS x /* */ FORMAT /* */ CSV", Audience.EVERYONE, 403, NOT_ONE_SELECT),
                new Hostile("SELECT 1 AS x FORMAT `JSON`", Audience.EVERYONE, 403, NOT_ONE_SELECT),
                new Hostile("(SELECT 1 AS x) FORMAT TSV", Audience.EVERYONE, 403, NOT_ONE_SELECT),
                new Hostile(
                        "SELECT 1 AS x INTO OUTFILE \u2018" + outfile + "\u2019",
                        Audience.EVERYONE,
                        403,
                        NOT_ONE_SELECT),
                new Hostile("SELECT 1 AS x FORMAT Vertical -- ;", Audience.EVERYONE, 403, NOT_ONE_SELECT),
                new Hostile(
                        "SELECT * FROM (SELECT 1 AS x INTO OUTFILE '" + outfile + "')", Audience.EVERYONE, 400, parse));
    }

    /**
     * Clauses whose content EXPLAIN AST does not print (a named window's definition, the function of APPLY): what
     * they call and read is not in the parse the console and the engine check, so they must be refused whole.
     */
    private List<Hostile> unprintedParseNodes() {
        String window = "WindowListElement";
        String apply = "ColumnsApplyTransformer";
        List<Hostile> out = new ArrayList<>();
        for (String partition : List.of(
                "file('" + probe + "')",
                "(SELECT arrayStringConcat(groupArray(concat(street, '=', toString(value))), ',') FROM kpi_values)",
                "(SELECT arrayStringConcat(groupArray(name), ',') FROM enterprises)",
                "(SELECT count() FROM system.processes)",
                "(SELECT arrayStringConcat(groupArray(line), ',') FROM url('" + clickhouseUrl
                        + "/?query=SELECT%20version()', 'LineAsString'))",
                "(SELECT count() FROM numbers(600000000) SETTINGS max_rows_to_read = 0)")) {
            out.add(new Hostile(
                    "SELECT c FROM (SELECT 1 AS x) WINDOW w AS (PARTITION BY " + partition + " AS c)",
                    Audience.EVERYONE,
                    403,
                    window));
        }
        out.add(new Hostile(
                "SELECT c, count() OVER w AS n FROM (SELECT 1 AS x) WINDOW w AS (ORDER BY file('" + probe + "') AS c)",
                Audience.EVERYONE,
                403,
                window));
        out.add(new Hostile("SELECT * APPLY(file) FROM (SELECT '" + probe + "' AS p)", Audience.EVERYONE, 403, apply));
        out.add(new Hostile(
                "SELECT * APPLY(x -> file(x)) FROM (SELECT '" + probe + "' AS p)", Audience.EVERYONE, 403, apply));
        out.add(new Hostile(
                "SELECT COLUMNS('p') APPLY(file) FROM (SELECT '" + probe + "' AS p)", Audience.EVERYONE, 403, apply));
        out.add(new Hostile(
                "SELECT * EXCEPT (q) APPLY(getSetting) FROM (SELECT 'max_execution_time' AS p, 1 AS q)",
                Audience.EVERYONE,
                403,
                apply));
        return out;
    }
}
