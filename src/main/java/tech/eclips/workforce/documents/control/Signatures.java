package tech.eclips.workforce.documents.control;

import java.util.Arrays;
import java.util.Map;

/**
 * The first bytes a file of a binary type must start with. A type without an entry here is not
 * sniffed (text types are checked as UTF-8 instead).
 */
final class Signatures {

  private static final Map<String, byte[]> MAGIC =
      Map.of(
          "application/pdf", new byte[] {'%', 'P', 'D', 'F', '-'},
          "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
          "image/jpeg", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff});

  private Signatures() {}

  /** How many leading bytes {@link #matches} needs for this type; 0 if it checks none. */
  static int length(String type) {
    byte[] magic = MAGIC.get(type);
    return magic == null ? 0 : magic.length;
  }

  /** Whether the file's first bytes (all of them, if it is shorter) fit the type. */
  static boolean matches(String type, byte[] head, int length) {
    byte[] magic = MAGIC.get(type);
    return magic == null
        || (length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length));
  }
}
