package io.weir.extract.files;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * Reads the sheets of an XLSX workbook with POI's streaming (SAX) reader, so a big sheet never sits in memory: each
 * chosen sheet is written as a CSV file whose records start with their row number in the sheet, which
 * {@link CsvRecords} reads like any other file. Cells show as the spreadsheet formats them; a row shorter than the
 * header is filled with empty cells, a wholly empty row is dropped, and a value beyond the header's last column fails
 * naming the sheet and row.
 */
final class XlsxSheets {
    private XlsxSheets() {}

    /**
     * Writes each of {@code tabs} (the first sheet when empty) of {@code workbook} into a CSV file in {@code dir}.
     *
     * @return the CSV file of each tab, by tab name
     */
    static Map<String, Path> toCsv(String file, Path workbook, List<String> tabs, Path dir) {
        try (OPCPackage pkg = OPCPackage.open(workbook.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            StylesTable styles = reader.getStylesTable();
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            Map<String, Path> written = new LinkedHashMap<>();
            List<String> names = new ArrayList<>();
            while (sheets.hasNext()) {
                try (InputStream sheet = sheets.next()) {
                    String name = sheets.getSheetName();
                    names.add(name);
                    boolean wanted = tabs.isEmpty() ? written.isEmpty() : tabs.contains(name);
                    if (wanted) {
                        Path csv = Files.createTempFile(dir, "sheet-", ".csv");
                        write(file + " (sheet " + name + ")", sheet, strings, styles, csv);
                        written.put(name, csv);
                    }
                }
            }
            List<String> missing =
                    tabs.stream().filter(tab -> !written.containsKey(tab)).toList();
            if (!missing.isEmpty()) {
                throw FileLoadException.badContent(
                        file,
                        0,
                        "the workbook has no sheet " + String.join(", ", missing) + "; its sheets are "
                                + String.join(", ", names));
            }
            if (written.isEmpty()) {
                throw FileLoadException.badContent(file, 0, "the workbook has no sheets");
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OpenXML4JException | SAXException | org.apache.poi.ooxml.POIXMLException e) {
            throw FileLoadException.badContent(file, 0, "not a readable XLSX workbook: " + e.getMessage());
        } catch (org.apache.poi.openxml4j.exceptions.InvalidOperationException e) {
            throw FileLoadException.badContent(file, 0, "not a readable XLSX workbook: " + e.getMessage());
        }
    }

    private static void write(
            String sheetName, InputStream sheet, ReadOnlySharedStringsTable strings, StylesTable styles, Path csv)
            throws IOException, SAXException {
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8))) {
            Rows rows = new Rows(sheetName, out);
            XMLReader parser;
            try {
                parser = XMLHelper.newXMLReader();
            } catch (javax.xml.parsers.ParserConfigurationException e) {
                throw new IllegalStateException("no XML parser", e);
            }
            parser.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings, rows, new DataFormatter(), false));
            try {
                parser.parse(new InputSource(sheet));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }

    /** Collects one row's cells and writes it as a CSV record once the row ends. */
    private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final String sheet;
        private final Writer out;
        private final List<String> cells = new ArrayList<>();
        private int width = -1;

        Rows(String sheet, Writer out) {
            this.sheet = sheet;
            this.out = out;
        }

        @Override
        public void startRow(int rowNum) {
            cells.clear();
        }

        @Override
        public void cell(String reference, String formattedValue, XSSFComment comment) {
            int column = reference == null ? cells.size() : new CellReference(reference).getCol();
            while (cells.size() < column) {
                cells.add("");
            }
            cells.add(formattedValue == null ? "" : formattedValue);
        }

        @Override
        public void endRow(int rowNum) {
            int last = cells.size();
            while (last > 0 && cells.get(last - 1).isEmpty()) {
                last--;
            }
            if (last == 0) {
                return;
            }
            if (width < 0) {
                width = last;
            } else if (last > width) {
                throw FileLoadException.badContent(
                        sheet,
                        rowNum + 1,
                        "it has a value in column " + CellReference.convertNumToColString(last - 1)
                                + ", right of the header's last column "
                                + CellReference.convertNumToColString(width - 1)
                                + "; give that column a header or clear the cell");
            }
            try {
                out.write(Integer.toString(rowNum + 1));
                for (int i = 0; i < width; i++) {
                    out.write(',');
                    quote(i < cells.size() ? cells.get(i) : "");
                }
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void quote(String value) throws IOException {
            out.write('"');
            out.write(value.replace("\"", "\"\""));
            out.write('"');
        }

        @Override
        public void headerFooter(String text, boolean isHeader, String tagName) {}
    }
}
