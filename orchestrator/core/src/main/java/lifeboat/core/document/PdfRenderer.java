package lifeboat.core.document;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.HeaderFooter;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import lifeboat.core.document.Document.Block;
import lifeboat.core.document.Document.Bullets;
import lifeboat.core.document.Document.Code;
import lifeboat.core.document.Document.Field;
import lifeboat.core.document.Document.Fields;
import lifeboat.core.document.Document.Heading;
import lifeboat.core.document.Document.PageBreak;
import lifeboat.core.document.Document.Table;
import lifeboat.core.document.Document.Text;

/** A4 pages with numbered footers, built with OpenPDF; the standard PDF fonts, so nothing is embedded. */
final class PdfRenderer {
    private static final Font TITLE = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 18);
    private static final Font H1 = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 14);
    private static final Font H2 = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 12);
    private static final Font BODY = FontFactory.getFont(FontFactory.HELVETICA, 10);
    private static final Font BOLD = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 10);
    private static final Font SMALL = FontFactory.getFont(FontFactory.HELVETICA_OBLIQUE, 9, Color.DARK_GRAY);
    private static final Font CELL = FontFactory.getFont(FontFactory.HELVETICA, 8);
    private static final Font CELL_HEAD = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 8);
    private static final Font MONO = FontFactory.getFont(FontFactory.COURIER, 8);

    private PdfRenderer() {}

    static void render(String title, String subtitle, List<Block> blocks, OutputStream out)
            throws IOException {
        Document pdf = new Document(PageSize.A4, 50, 50, 50, 50);
        try {
            PdfWriter.getInstance(pdf, out);
            pdf.addTitle(title);
            pdf.addCreator("Lifeboat");
            HeaderFooter footer = new HeaderFooter(new Phrase(title + " — page ", SMALL), true);
            footer.setAlignment(Element.ALIGN_CENTER);
            footer.setBorder(0);
            pdf.setFooter(footer);
            pdf.open();
            pdf.add(new Paragraph(title, TITLE));
            if (subtitle != null) {
                pdf.add(new Paragraph(subtitle, SMALL));
            }
            for (Block b : blocks) {
                block(pdf, b);
            }
            pdf.close();
        } catch (DocumentException e) {
            throw new IOException("cannot write the PDF \"" + title + "\": " + e.getMessage(), e);
        }
    }

    private static void block(Document pdf, Block b) {
        if (b instanceof Heading h) {
            Paragraph p = new Paragraph(h.text(), h.level() == 1 ? H1 : H2);
            p.setSpacingBefore(h.level() == 1 ? 12 : 8);
            p.setSpacingAfter(4);
            pdf.add(p);
        } else if (b instanceof Text p) {
            Paragraph para = new Paragraph(p.text(), BODY);
            para.setSpacingAfter(6);
            pdf.add(para);
        } else if (b instanceof Fields f) {
            for (Field field : f.fields()) {
                Paragraph p = new Paragraph();
                p.add(new Chunk(field.name() + ": ", BOLD));
                p.add(new Chunk(field.value(), BODY));
                pdf.add(p);
            }
            pdf.add(new Paragraph(" ", BODY));
        } else if (b instanceof Table t) {
            pdf.add(table(t));
        } else if (b instanceof Code c) {
            PdfPTable box = new PdfPTable(1);
            box.setWidthPercentage(100);
            PdfPCell cell = new PdfPCell(new Phrase(c.text(), MONO));
            cell.setBackgroundColor(new Color(0xF4, 0xF4, 0xF4));
            cell.setPadding(5);
            box.addCell(cell);
            box.setSpacingAfter(6);
            pdf.add(box);
        } else if (b instanceof Bullets l) {
            for (String item : l.items()) {
                Paragraph p = new Paragraph("\u2022 " + item, BODY);
                p.setIndentationLeft(10);
                pdf.add(p);
            }
        } else if (b instanceof PageBreak) {
            pdf.newPage();
        }
    }

    private static PdfPTable table(Table t) {
        PdfPTable table = new PdfPTable(Math.max(1, t.headers().size()));
        table.setWidthPercentage(100);
        table.setHeaderRows(1);
        table.setSpacingBefore(4);
        table.setSpacingAfter(8);
        for (String h : t.headers()) {
            PdfPCell cell = new PdfPCell(new Phrase(h, CELL_HEAD));
            cell.setBackgroundColor(new Color(0xEE, 0xEE, 0xEE));
            table.addCell(cell);
        }
        for (List<String> row : t.rows()) {
            row.forEach(c -> table.addCell(new PdfPCell(new Phrase(c, CELL))));
        }
        return table;
    }
}
