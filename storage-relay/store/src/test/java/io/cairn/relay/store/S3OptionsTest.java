package io.cairn.relay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3OptionsTest {

    @Test
    void acceptsUsualEndpointsAndDefaultsTheRegion() {
        S3Options o = S3Options.of("http://127.0.0.1:9000/", "cairn-data", "ak", "sk");
        assertThat(o.endpoint()).isEqualTo("http://127.0.0.1:9000");
        assertThat(o.region()).isEqualTo("us-east-1");
        assertThat(o.prefix()).isEmpty();
        assertThat(S3Options.of("https://s3.eu-west-1.amazonaws.com", "my.bucket-1", "ak", "sk").endpoint())
                .isEqualTo("https://s3.eu-west-1.amazonaws.com");
        assertThat(o.withPrefix("cluster-a/").prefix()).isEqualTo("cluster-a/");
    }

    @Test
    void rejectsBadValuesWithMessagesNamingThem() {
        assertThatThrownBy(() -> S3Options.of("ftp://h:1", "bucket", "a", "s")).hasMessageContaining("ftp://h:1");
        assertThatThrownBy(() -> S3Options.of("http://h", "bucket", "a", "s")).hasMessageContaining("explicit port");
        assertThatThrownBy(() -> S3Options.of("http://h:9000/bucket", "bucket", "a", "s")).hasMessageContaining("no path");
        assertThatThrownBy(() -> S3Options.of("localhost:9000", "bucket", "a", "s")).hasMessageContaining("localhost:9000");
        for (String bucket : new String[] {"ab", "Upper", "-start", "end-", "a..b", "192.168.1.1", "x".repeat(64), "under_score"}) {
            assertThatThrownBy(() -> S3Options.of("http://h:1", bucket, "a", "s")).as(bucket).hasMessageContaining(bucket);
        }
        for (String prefix : new String[] {"noslash", "/abs/", "a//b/"}) {
            assertThatThrownBy(() -> new S3Options("http://h:1", "bucket", "a", "s", null, prefix)).as(prefix)
                    .hasMessageContaining(prefix);
        }
        assertThatThrownBy(() -> S3Options.of("http://h:1", "bucket", " ", "s")).hasMessageContaining("access key");
        assertThatThrownBy(() -> S3Options.of("http://h:1", "bucket", "a", "")).hasMessageContaining("secret key");
    }

    @Test
    void neverPrintsTheSecret() {
        S3Options o = S3Options.of("http://h:1", "bucket", "access", "very-secret");
        assertThat(o.toString()).contains("access").doesNotContain("very-secret");
    }
}
