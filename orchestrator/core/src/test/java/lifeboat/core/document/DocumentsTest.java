package lifeboat.core.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentsTest {
    private static final Document DOC = Document.builder("Incident 7: Email down")
            .subtitle("Made 2026-11-29 10:00 by Lifeboat")
            .heading("Summary")
            .paragraph("Mail stopped at 08:10 <script>alert(1)</script> & came back at 09:00.")
            .field("Severity", "major").field("Reported via", "phone")
            .table(List.of("System", "Down for"), List.of(List.of("Email", "50 min"), List.of("Files | shares")))
            .code("sha256sum -c SHA256SUMS\nzstd -dc a.tar.zst | tar -x")
            .bullets(List.of("Replace the disk", "Test the UPS"))
            .pageBreak()
            .subheading("Second page")
            .paragraph("The end.")
            .build();

    @Test
    void pdf_carriesEveryTextAndStartsANewPageWhereAsked() throws IOException {
        byte[] pdf = Documents.render(DOC, DocumentFormat.PDF);
        try (PDDocument d = Loader.loadPDF(pdf)) {
            assertThat(d.getNumberOfPages()).isEqualTo(2);
            String text = new PDFTextStripper().getText(d);
            assertThat(text).contains("Incident 7: Email down", "Summary", "Severity: major", "Email", "50 min",
                    "Files | shares", "sha256sum -c SHA256SUMS", "Replace the disk", "Second page",
                    "<script>alert(1)</script>");
            assertThat(d.getDocumentInformation().getTitle()).isEqualTo("Incident 7: Email down");
        }
    }

    @Test
    void html_escapesEveryValue() throws IOException {
        String html = new String(Documents.render(DOC, DocumentFormat.HTML), StandardCharsets.UTF_8);
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; came back")
                .doesNotContain("<script>").contains("<th>System</th>", "<td>50 min</td>", "<dt>Severity</dt>");
    }

    @Test
    void markdown_escapesMarkupAndPipesInCells() throws IOException {
        String md = new String(Documents.render(DOC, DocumentFormat.MD), StandardCharsets.UTF_8);
        assertThat(md).startsWith("# Incident 7: Email down\n").contains("## Summary", "\\<script\\>",
                "| Files \\| shares |  |", "```\nsha256sum -c SHA256SUMS\n", "- **Severity:** major");
    }

    @Test
    void toAFile_writesWholeAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("reports/incident-7.pdf");
        Documents.write(DOC, DocumentFormat.PDF, out);
        Documents.write(DOC, DocumentFormat.PDF, out);
        assertThat(Files.readAllBytes(out)).startsWith("%PDF".getBytes(StandardCharsets.US_ASCII));
        try (var files = Files.list(out.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("incident-7.pdf");
        }
    }

    @Test
    void formats_areFoundByTheirCliLabel() {
        assertThat(DocumentFormat.of("PDF")).contains(DocumentFormat.PDF);
        assertThat(DocumentFormat.of("markdown")).contains(DocumentFormat.MD);
        assertThat(DocumentFormat.of("docx")).isEmpty();
    }
}
