package cn.binjiang.union.dashboards.export;

import cn.binjiang.union.dashboards.api.PanelData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A panel's data as an Excel workbook (Apache POI): one sheet named after the panel, the columns as the header row
 * (frozen), the rows as the panel API answers them; numbers are number cells, so they add up in Excel.
 */
public final class XlsxExport {
    public static final String CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private XlsxExport() {}

    public static byte[] of(PanelData data, String title) {
        try (XSSFWorkbook book = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XSSFSheet sheet = book.createSheet(WorkbookUtil.createSafeSheetName(title));
            Row header = sheet.createRow(0);
            for (int c = 0; c < data.columns().size(); c++)
                header.createCell(c).setCellValue(data.columns().get(c));
            sheet.createFreezePane(0, 1);
            int r = 1;
            for (Map<String, Object> values : data.rows()) {
                Row row = sheet.createRow(r++);
                for (int c = 0; c < data.columns().size(); c++)
                    set(row.createCell(c), values.get(data.columns().get(c)));
            }
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void set(Cell cell, Object value) {
        if (value == null) cell.setBlank();
        else if (value instanceof Number n) cell.setCellValue(n.doubleValue());
        else if (value instanceof Boolean b) cell.setCellValue(b);
        else cell.setCellValue(String.valueOf(value));
    }
}
