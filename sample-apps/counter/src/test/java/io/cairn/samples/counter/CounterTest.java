package io.cairn.samples.counter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.api.Request;
import io.cairn.api.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The counter's HTTP behaviour from CONTRACT.md, over a real (in-memory) SQLite database. */
class CounterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SqliteFakeContext fake;
    private Counter counter;

    @BeforeEach
    void setUp() throws Exception {
        fake = new SqliteFakeContext();
        counter = new Counter(fake.context);
    }

    @AfterEach
    void tearDown() throws Exception {
        fake.close();
    }

    private Response send(String method, String pathAndQuery) {
        return counter.fetch(Request.builder(method, pathAndQuery).build());
    }

    private static JsonNode json(Response r) throws Exception {
        assertThat(r.headers().first("content-type")).contains("application/json");
        return JSON.readTree(r.body());
    }

    @Test
    void startsAtZeroOnBothRootPaths() throws Exception {
        assertThat(send("GET", "").status()).isEqualTo(200);
        assertThat(json(send("GET", "")).get("value").asLong()).isZero();
        assertThat(json(send("GET", "/")).get("value").asLong()).isZero();
    }

    @Test
    void incrementsByOneOrByN() throws Exception {
        assertThat(json(send("POST", "/increment")).get("value").asLong()).isEqualTo(1);
        assertThat(json(send("POST", "/increment")).get("value").asLong()).isEqualTo(2);
        assertThat(json(send("POST", "/increment?by=40")).get("value").asLong()).isEqualTo(42);
        assertThat(json(send("POST", "/increment?by=-2")).get("value").asLong()).isEqualTo(40);
        assertThat(send("GET", "").bodyAsString()).isEqualTo("{\"value\":40}");
    }

    @Test
    void valueSurvivesANewInstanceOverTheSameDatabase() throws Exception {
        send("POST", "/increment?by=7");
        Counter reactivated = new Counter(fake.context);
        assertThat(reactivated.fetch(Request.builder("GET", "").build()).bodyAsString()).isEqualTo("{\"value\":7}");
    }

    @Test
    void rejectsNonIntegerBy() throws Exception {
        for (String bad : new String[] {"abc", "1.5", "", "%22%5C"}) {
            Response r = send("POST", "/increment?by=" + bad);
            assertThat(r.status()).as("by=" + bad).isEqualTo(400);
            JsonNode error = json(r).get("error");
            assertThat(error.get("code").asText()).isEqualTo("bad_request");
            assertThat(error.get("message").asText()).contains("'by' must be an integer");
        }
        assertThat(send("GET", "").bodyAsString()).isEqualTo("{\"value\":0}");
    }

    @Test
    void rejectsOverflowWithoutChangingTheValue() throws Exception {
        send("POST", "/increment?by=" + Long.MAX_VALUE);
        Response r = send("POST", "/increment");
        assertThat(r.status()).isEqualTo(400);
        assertThat(json(r).get("error").get("message").asText()).contains("overflow");
        assertThat(json(send("GET", "")).get("value").asLong()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() throws Exception {
        Response missing = send("GET", "/nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(json(missing).get("error").get("code").asText()).isEqualTo("not_found");

        Response getIncrement = send("GET", "/increment");
        assertThat(getIncrement.status()).isEqualTo(405);
        assertThat(getIncrement.headers().first("allow")).contains("POST");
        assertThat(json(getIncrement).get("error").get("code").asText()).isEqualTo("method_not_allowed");

        Response deleteRoot = send("DELETE", "");
        assertThat(deleteRoot.status()).isEqualTo(405);
        assertThat(deleteRoot.headers().first("allow")).contains("GET");
    }

    @Test
    void errorMessagesAreValidJsonWhateverTheInput() throws Exception {
        Response r = send("POST", "/increment?by=%22%0A%5C%01");
        assertThat(json(r).get("error").get("message").asText()).contains("\"\n\\\u0001");
    }
}
