package dev.autodev.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token file beyond loopback: generated owner-only, used when only its owner can read it, and
 * refused — left exactly as it is — when others could have read it.
 */
class ApiTokenTests {

  private static final String TOKEN = "0123456789abcdef0123456789abcdef";

  @TempDir Path home;

  @Test
  void aTokenFileOthersCanReadIsRefusedAndLeftAsItIs() throws Exception {
    assumeTrue(home.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path file = home.resolve("api-token");
    Files.writeString(file, TOKEN + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> ApiToken.resolve(null, "0.0.0.0", file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "the API token file "
                + file
                + " is open to other users (mode 0644), so they may know the token; delete it to"
                + " have a new token generated at the next start (or, if nobody else can have"
                + " read it, make it private: chmod 600 "
                + file
                + ")");
    assertThat(Files.readString(file)).isEqualTo(TOKEN + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r--r--");

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----r--"));
    assertThatThrownBy(() -> ApiToken.resolve(null, "0.0.0.0", file))
        .hasMessageContaining("(mode 0604)");

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    ApiToken token = ApiToken.resolve(null, "0.0.0.0", file);
    assertThat(token.required()).isTrue();
    assertThat(token.matches(TOKEN)).isTrue();
  }

  @Test
  void aGeneratedTokenIsOwnerOnlyAndAConfiguredOneNeedsNoFile() throws Exception {
    assumeTrue(home.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path file = home.resolve("api-token");
    ApiToken generated = ApiToken.resolve(null, "0.0.0.0", file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(generated.matches(Files.readString(file).trim())).isTrue();

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
    ApiToken configured = ApiToken.resolve(TOKEN, "0.0.0.0", file);
    assertThat(configured.file()).isNull();
    assertThat(configured.matches(TOKEN)).isTrue();
  }
}
