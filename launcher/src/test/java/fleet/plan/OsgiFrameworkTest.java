package fleet.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import fleet.ExitCode;
import fleet.FleetException;

class OsgiFrameworkTest {

    @Test
    void namesAreReadAsAUserWritesThem() {
        assertEquals(OsgiFramework.EQUINOX, OsgiFramework.of("--framework", " Equinox "));
        assertEquals(OsgiFramework.FELIX, OsgiFramework.of("--framework", "felix"));
        assertEquals(OsgiFramework.EQUINOX, OsgiFramework.DEFAULT, "Equinox measured better (README)");
    }

    @Test
    void anUnknownFrameworkIsOneLineThatNamesTheOptionValueAndRule() {
        FleetException e = assertThrows(FleetException.class, () -> OsgiFramework.of("--framework", "karaf"));
        assertEquals("--framework karaf: must be felix or equinox", e.getMessage());
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
    }
}
