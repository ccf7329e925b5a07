package io.weir.extract.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CsvScanTest {

    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();

    private CsvScan.Scanned scan(byte[] bytes, char separator) throws IOException {
        return new CsvScan("f.csv", separator, rows -> {}).scan(new ByteArrayInputStream(bytes), sink);
    }

    private CsvScan.Scanned scan(String text) throws IOException {
        return scan(text.getBytes(StandardCharsets.UTF_8), ',');
    }

    @Test
    void countsRowsAsTheParserDoesAndPassesOnEverythingButEmptyLines() throws IOException {
        String text = "a,b\r\n\r\n1,\"x\r\ny, \"\"z\"\"\"\n\n2,\n3,\"\"";

        CsvScan.Scanned scanned = scan(text);

        assertThat(scanned.rows()).isEqualTo(3);
        assertThat(scanned.bytes()).isEqualTo(text.length());
        assertThat(scanned.checksum()).isEqualTo(sha256(text));
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("a,b\r\n1,\"x\r\ny, \"\"z\"\"\"\n2,\n3,\"\"");
    }

    private static String sha256(String text) {
        return java.util.HexFormat.of().formatHex(Downloads.sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRaggedRowFailsWithItsRowNumberNotItsLine() {
        assertThatThrownBy(() -> scan("a,b\n\n1,\"two\nlines\"\n2,3,4\n"))
                .isInstanceOf(FileLoadException.class)
                .hasMessage("File f.csv, row 3: it has 3 fields but the header has 2; every row needs one field per"
                        + " column (quote a field that holds the separator)");
        assertThatThrownBy(() -> scan("a,b\n1\n")).hasMessageStartingWith("File f.csv, row 2: it has 1 fields");
    }

    @Test
    void separatorsInQuotesAndInTheOtherFormatDoNotCount() throws IOException {
        assertThat(scan("a\tb\n1,2\t\"3\t4\"\n".getBytes(StandardCharsets.UTF_8), '\t')
                        .rows())
                .isEqualTo(1);
    }

    @Test
    void bytesThatAreNotUtf8FailWithTheirLine() {
        byte[] latin1 = "name\nAna\nZo\u00eb\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> scan(latin1, ','))
                .hasMessageStartingWith("File f.csv, line 3: it holds bytes that are not valid UTF-8");
        // An overlong form, a surrogate and a sequence cut off by the end of the file are refused as Java refuses them.
        for (byte[] bad : new byte[][] {
            {'a', '\n', (byte) 0xC0, (byte) 0x80, '\n'},
            {'a', '\n', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'},
            {'a', '\n', 'b', (byte) 0xE2, (byte) 0x82}
        }) {
            assertThatThrownBy(() -> scan(bad, ',')).hasMessageStartingWith("File f.csv, line 2: it holds bytes");
        }
    }

    @Test
    void anEmptyFileFailsAndFormsItDoesNotFollowAreLeftToTheParser() {
        assertThatThrownBy(() -> scan("\n\r\n")).hasMessage("File f.csv: " + CsvRecords.EMPTY);
        assertThatThrownBy(() -> scan("a,b\r1,2\r")).isInstanceOf(CsvScan.Unusual.class);
        assertThatThrownBy(() -> scan("a,b\n1,\"open\n")).isInstanceOf(CsvScan.Unusual.class);
    }
}
