package tech.eclips.workforce.documents.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DocumentNamesTest {

  @Test
  void keepsOnlyThePartAfterTheLastSlashOrBackslash() {
    assertEquals(Optional.of("passwd"), DocumentNames.sanitise("../../etc/passwd"));
    assertEquals(Optional.of("report.pdf"), DocumentNames.sanitise("C:\\Users\\me\\report.pdf"));
    assertEquals(Optional.of("b.txt"), DocumentNames.sanitise("a\\x/b.txt"));
  }

  @Test
  void dropsControlAndInvisibleFormattingCharactersThenTrims() {
    assertEquals(Optional.of("ab.txt"), DocumentNames.sanitise("a\r\nb\u0000.txt"));
    assertEquals(Optional.of("invoicefdp.exe"), DocumentNames.sanitise("invoice\u202efdp.exe"));
    assertEquals(Optional.of("x y"), DocumentNames.sanitise("  \tx y \u2028 "));
  }

  @Test
  void keepsOrdinaryUnicode() {
    assertEquals(Optional.of("Überweisung 📄.pdf"), DocumentNames.sanitise("Überweisung 📄.pdf"));
  }

  @Test
  void cutsAtTwoHundredCharactersWithoutSplittingOne() {
    assertEquals(200, DocumentNames.sanitise("a".repeat(250)).orElseThrow().length());
    String emoji = DocumentNames.sanitise("📄".repeat(250)).orElseThrow();
    assertEquals(200, emoji.codePointCount(0, emoji.length()));
  }

  @Test
  void nothingUsableLeftIsEmpty() {
    assertEquals(Optional.empty(), DocumentNames.sanitise(null));
    assertEquals(Optional.empty(), DocumentNames.sanitise("dir/"));
    assertEquals(Optional.empty(), DocumentNames.sanitise(" \u0007 "));
    assertEquals(Optional.empty(), DocumentNames.sanitise(".."));
    assertEquals(Optional.empty(), DocumentNames.sanitise("a/."));
  }

  @Test
  void asciiNamesGetAPlainQuotedFilename() {
    assertEquals(
        "attachment; filename=\"report 1.pdf\"", DocumentNames.contentDisposition("report 1.pdf"));
    assertEquals(
        "attachment; filename=\"a_b_.txt\"; filename*=UTF-8''a%22b%5C.txt",
        DocumentNames.contentDisposition("a\"b\\.txt"));
  }

  @Test
  void otherNamesAlsoGetAnRfc5987Filename() {
    assertEquals(
        "attachment; filename=\"_berweisung.pdf\"; filename*=UTF-8''%C3%9Cberweisung.pdf",
        DocumentNames.contentDisposition("Überweisung.pdf"));
  }
}
