package io.cairn.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.ObjectId;
import org.junit.jupiter.api.Test;

/** Raw-path parsing: cases an HTTP client library would refuse to send. */
class ObjectPathTest {

    @Test
    void splitsOnTheRawPathSoEncodedSlashesStayInTheName() throws Exception {
        ObjectPath p = ObjectPath.parse("/objects/ns/a%2Fb/rest/of%20it", "/objects/");
        assertThat(p.id()).isEqualTo(new ObjectId("ns", "a/b"));
        assertThat(p.rest()).isEqualTo("/rest/of it");
        assertThat(ObjectPath.parse("/objects/ns/x", "/objects/").rest()).isEmpty();
        assertThat(ObjectPath.parse("/objects/ns/x/", "/objects/").rest()).isEqualTo("/");
    }

    @Test
    void malformedEscapesAndInvalidUtf8AreRefusedWithAReason() {
        assertThatThrownBy(() -> ObjectPath.parse("/objects/ns/a%ZZ", "/objects/")).hasMessageContaining("invalid percent-escape");
        assertThatThrownBy(() -> ObjectPath.parse("/objects/ns/a%2", "/objects/")).hasMessageContaining("truncated");
        assertThatThrownBy(() -> ObjectPath.parse("/objects/ns/%FF", "/objects/")).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> ObjectPath.parse("/objects/ns/%00", "/objects/")).hasMessageContaining("control character");
        assertThatThrownBy(() -> ObjectPath.parse("/objects/ns", "/objects/")).hasMessageContaining("name is missing");
        assertThatThrownBy(() -> ObjectPath.parse("/objects/ns/..", "/objects/")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> ObjectPath.parse("/objects/ns/x/a/../b", "/objects/")).hasMessageContaining("dot");
    }
}
