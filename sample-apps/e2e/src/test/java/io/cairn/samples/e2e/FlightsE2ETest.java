package io.cairn.samples.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.api.ObjectId;
import io.cairn.runtime.TestNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** flights.jar on a real node: the seat map, racing bookings, cancellations and durability. */
class FlightsE2ETest {

    @TempDir
    Path data;
    TestNode node;

    @BeforeEach
    void start() {
        node = TestNode.start(data);
        node.deploy(AppJars.flights());
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    /** Every seat label in cabin order: 1A, 1B, ..., 30F. */
    static List<String> allSeats() {
        List<String> seats = new ArrayList<>();
        for (int row = 1; row <= 30; row++) {
            for (char letter : "ABCDEF".toCharArray()) {
                seats.add(row + String.valueOf(letter));
            }
        }
        return seats;
    }

    /** The seat map as seat → passenger (null when free), in the order the flight lists it. */
    private Map<String, String> seatMap(String flight) {
        JsonNode body = Http.json(node.get("/objects/flights/" + flight + "/seats"), 200);
        assertThat(body.path("flight").asText()).isEqualTo(flight);
        Map<String, String> seats = new LinkedHashMap<>();
        for (JsonNode seat : body.path("seats")) {
            assertThat(seat.has("passenger")).as("seat %s has a passenger field", seat).isTrue();
            seats.put(seat.path("seat").asText(), seat.path("passenger").isNull() ? null : seat.path("passenger").asText());
        }
        return seats;
    }

    private HttpResponse<String> book(String flight, String seat, String passenger) {
        return Http.post(node, "/objects/flights/" + flight + "/bookings", Map.of("seat", seat, "passenger", passenger));
    }

    private void assertBooked(HttpResponse<String> response, String seat, String passenger) {
        JsonNode body = Http.json(response, 201);
        assertThat(body.path("seat").asText()).isEqualTo(seat);
        assertThat(body.path("passenger").asText()).isEqualTo(passenger);
        assertThat(body.size()).isEqualTo(2);
    }

    @Test
    void seatMapHas180FreeSeatsNamedForTheFlight() {
        Map<String, String> seats = seatMap("BA117");
        assertThat(seats.keySet()).containsExactlyElementsOf(allSeats());
        assertThat(seats).hasSize(180);
        assertThat(seats.values()).containsOnlyNulls();
        // Another flight is another object with its own database and its own name.
        assertThat(seatMap("LH400")).hasSize(180);
    }

    @Test
    void concurrentBookingsOfTheSameSeatsHaveExactlyOneWinnerEach() throws Exception {
        List<String> contested = List.of("1A", "1B", "2C", "7D", "12C", "12D", "15F", "22A", "29E", "30F");
        int requests = 200;
        record Attempt(String seat, String passenger, HttpResponse<String> response) {
        }
        List<Attempt> attempts = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Attempt>> futures = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String seat = contested.get(i % contested.size());
                String passenger = "passenger " + i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return new Attempt(seat, passenger, book("RACE1", seat, passenger));
                }));
            }
            go.countDown();
            for (Future<Attempt> f : futures) {
                attempts.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, String> winners = new HashMap<>();
        for (Attempt a : attempts) {
            int status = a.response().statusCode();
            if (status == 201) {
                assertBooked(a.response(), a.seat(), a.passenger());
                assertThat(winners.put(a.seat(), a.passenger())).as("a second winner for seat " + a.seat()).isNull();
            } else {
                String message = Http.error(a.response(), 409, "seat_taken");
                assertThat(message).contains(a.seat());
            }
        }
        assertThat(winners.keySet()).containsExactlyInAnyOrderElementsOf(contested);
        assertThat(attempts.stream().filter(a -> a.response().statusCode() == 409)).hasSize(requests - contested.size());

        Map<String, String> seats = seatMap("RACE1");
        for (String seat : allSeats()) {
            assertThat(seats.get(seat)).as("passenger of " + seat).isEqualTo(winners.get(seat));
        }
    }

    @Test
    void unknownSeatIs400() {
        for (String seat : List.of("31A", "0A", "1G", "12", "C12", "012C", "")) {
            String message = Http.error(book("BA117", seat, "Ada"), 400, "unknown_seat");
            assertThat(message).as("message for seat '%s'", seat).contains("'" + seat + "'");
        }
        Http.error(Http.delete(node, "/objects/flights/BA117/bookings/31A"), 400, "unknown_seat");
        assertThat(seatMap("BA117").values()).containsOnlyNulls();
    }

    @Test
    void badBodyIs400NamingTheField() {
        String path = "/objects/flights/BA117/bookings";
        assertThat(Http.error(Http.post(node, path, Map.of("seat", "12C")), 400, "bad_request")).contains("'passenger'");
        assertThat(Http.error(Http.post(node, path, Map.of("passenger", "Ada")), 400, "bad_request")).contains("'seat'");
        assertThat(Http.error(Http.post(node, path, Map.of("seat", 12, "passenger", "Ada")), 400, "bad_request")).contains("'seat'");
        assertThat(Http.error(Http.post(node, path, Map.of("seat", "12C", "passenger", "   ")), 400, "bad_request")).contains("'passenger'");
        assertThat(Http.error(Http.post(node, path, Map.of("seat", "12C", "passenger", "x".repeat(201))), 400, "bad_request")).contains("'passenger'");
        Http.error(Http.send(node, "POST", path, "{\"seat\":\"12C\","), 400, "bad_request");
        Http.error(Http.send(node, "POST", path, "[\"12C\",\"Ada\"]"), 400, "bad_request");
        Http.error(Http.send(node, "POST", path, ""), 400, "bad_request");
        assertThat(seatMap("BA117").values()).containsOnlyNulls();
    }

    @Test
    void cancelThenRebook() {
        // Labels are case-insensitive and names trimmed: the answer shows them as stored.
        assertBooked(book("BA117", "12c", "  Ada Lovelace "), "12C", "Ada Lovelace");
        assertThat(seatMap("BA117")).containsEntry("12C", "Ada Lovelace");
        Http.error(book("BA117", "12C", "Bob"), 409, "seat_taken");

        HttpResponse<String> cancelled = Http.delete(node, "/objects/flights/BA117/bookings/12C");
        assertThat(cancelled.statusCode()).isEqualTo(204);
        assertThat(cancelled.body()).isEmpty();
        assertThat(seatMap("BA117").values()).containsOnlyNulls();

        assertBooked(book("BA117", "12C", "Bob"), "12C", "Bob");
        assertThat(seatMap("BA117")).containsEntry("12C", "Bob");
    }

    @Test
    void deletingAnUnbookedSeatIs404() {
        assertThat(Http.error(Http.delete(node, "/objects/flights/BA117/bookings/5A"), 404, "not_booked")).contains("5A");
        assertBooked(book("BA117", "5A", "Ada"), "5A", "Ada");
        assertThat(Http.delete(node, "/objects/flights/BA117/bookings/5a").statusCode()).isEqualTo(204);
        Http.error(Http.delete(node, "/objects/flights/BA117/bookings/5A"), 404, "not_booked");
    }

    @Test
    void bookingsSurviveEvictionAndRestart() {
        assertBooked(book("BA117", "1A", "Ada"), "1A", "Ada");
        assertBooked(book("BA117", "30F", "Bob"), "30F", "Bob");
        assertBooked(book("BA117", "2B", "Cy"), "2B", "Cy");
        assertThat(Http.delete(node, "/objects/flights/BA117/bookings/2B").statusCode()).isEqualTo(204);
        Map<String, String> expected = new LinkedHashMap<>();
        allSeats().forEach(seat -> expected.put(seat, null));
        expected.put("1A", "Ada");
        expected.put("30F", "Bob");

        ObjectId flight = new ObjectId("flights", "BA117");
        assertThat(node.node().host().isLive(flight)).isTrue();
        node.node().host().evict(flight);
        await().atMost(Duration.ofSeconds(5)).until(() -> !node.node().host().isLive(flight));
        assertThat(seatMap("BA117")).containsExactlyEntriesOf(expected);
        Http.error(book("BA117", "1A", "Mallory"), 409, "seat_taken");

        node.close();
        node = null;
        node = TestNode.start(data); // same data directory: the deployment and the flight's database are there
        assertThat(seatMap("BA117")).containsExactlyEntriesOf(expected);
        Http.error(book("BA117", "30F", "Mallory"), 409, "seat_taken");
        assertBooked(book("BA117", "2B", "Dee"), "2B", "Dee");
    }
}
