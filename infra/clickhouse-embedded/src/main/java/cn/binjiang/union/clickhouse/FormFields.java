package cn.binjiang.union.clickhouse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.server.Request;

/**
 * The fields of a {@code multipart/form-data} body, which ClickHouse takes as parameters beside the URL's
 * ({@code query}, settings, {@code param_…}). File parts are ClickHouse's external data (temporary tables for one
 * query), which this server does not have: they are refused by name rather than ignored.
 */
final class FormFields {
    private static final int MAX_FIELDS = 1_000;
    /** A field holds SQL at most (a query): as large as the SQL the server takes in a body. */
    private static final long MAX_FIELD_BYTES = QueryPlan.MAX_SQL_BYTES;

    private FormFields() {}

    static boolean present(Request request) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        return type != null && type.regionMatches(true, 0, "multipart/form-data", 0, "multipart/form-data".length());
    }

    /** Adds every field of the body to {@code params}. */
    static void read(Request request, Path spoolDir, HttpQueryParameters params) {
        MultiPartConfig config = new MultiPartConfig.Builder()
                .location(spoolDir)
                .maxParts(MAX_FIELDS)
                .maxPartSize(MAX_FIELD_BYTES)
                .maxMemoryPartSize(MAX_FIELD_BYTES)
                .build();
        MultiPartFormData.Parts parts;
        try {
            parts = MultiPartFormData.getParts(
                    request, request, request.getHeaders().get(HttpHeader.CONTENT_TYPE), config);
        } catch (RuntimeException e) {
            throw new ClickHouseException(
                    ClickHouseException.HTTP_PROTOCOL,
                    "Cannot read the multipart/form-data body: " + e.getMessage() + ". (POCO_EXCEPTION)");
        }
        try (parts) {
            for (MultiPart.Part part : parts) {
                if (part.getFileName() != null) {
                    throw new ClickHouseException(
                            ClickHouseException.NOT_IMPLEMENTED,
                            "External data (the file part '" + part.getName()
                                    + "' of a multipart/form-data body) is not supported by this server: insert it into a table first. (NOT_IMPLEMENTED)");
                }
                params.put(part.getName(), part.getContentAsString(StandardCharsets.UTF_8));
            }
        }
    }
}
