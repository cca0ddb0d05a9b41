package io.cairn.samples.flights;

import io.cairn.api.DurableObject;
import io.cairn.api.ObjectContext;
import io.cairn.api.Request;
import io.cairn.api.Response;
import io.cairn.samples.json.HttpError;
import io.cairn.samples.json.Json;
import io.cairn.samples.json.JsonException;
import io.cairn.samples.json.JsonResponses;
import java.util.List;
import java.util.Map;

/**
 * One flight: its seat map and bookings, in the flight's own database.
 *
 * <p>A seat is never sold twice without any locking code here: the runtime hands this object one
 * request at a time, and each booking is a single conditional UPDATE, so two requests for the
 * same seat are decided in order and the second sees the first's passenger.
 *
 * <ul>
 *   <li>{@code GET /seats} → 200 {@code {"flight":"..","seats":[{"seat":"1A","passenger":null},...]}}</li>
 *   <li>{@code POST /bookings} {@code {"seat":"12C","passenger":"Ada"}} → 201, 409 {@code seat_taken},
 *       400 {@code unknown_seat} or {@code bad_request}</li>
 *   <li>{@code DELETE /bookings/{seat}} → 204, 404 {@code not_booked}, 400 {@code unknown_seat}</li>
 * </ul>
 */
public final class Flight implements DurableObject {

    private static final String BOOKINGS = "/bookings";

    private final String flight;
    private final SeatMap seats;

    public Flight(ObjectContext ctx) {
        this.flight = ctx.id().name();
        this.seats = new SeatMap(ctx.storage());
        seats.createIfAbsent();
    }

    @Override
    public Response fetch(Request request) {
        try {
            return route(request);
        } catch (HttpError e) {
            return JsonResponses.error(e);
        } catch (JsonException e) {
            return JsonResponses.badRequest(e);
        }
    }

    private Response route(Request request) {
        String path = request.path();
        String method = request.method();
        if (path.equals("/seats")) {
            return method.equals("GET") ? listSeats() : JsonResponses.methodNotAllowed(method, "GET");
        }
        if (path.equals(BOOKINGS)) {
            return method.equals("POST") ? book(request) : JsonResponses.methodNotAllowed(method, "POST");
        }
        if (path.startsWith(BOOKINGS + "/")) {
            String seat = path.substring(BOOKINGS.length() + 1);
            return method.equals("DELETE") ? cancel(seat) : JsonResponses.methodNotAllowed(method, "DELETE");
        }
        return JsonResponses.notFound(path);
    }

    private Response listSeats() {
        List<Map<String, Object>> list = seats.list().stream()
                .map(s -> Json.object("seat", s.seat(), "passenger", s.passenger()))
                .toList();
        return JsonResponses.ok(Json.object("flight", flight, "seats", list));
    }

    private Response book(Request request) {
        BookingRequest booking = BookingRequest.parse(request.bodyAsString());
        if (!seats.book(booking.seat(), booking.passenger())) {
            throw new HttpError(409, "seat_taken", "seat " + booking.seat() + " is already booked");
        }
        return JsonResponses.created(Json.object("seat", booking.seat().label(), "passenger", booking.passenger()));
    }

    private Response cancel(String label) {
        Seat seat = Seat.parse(label).orElseThrow(() -> new UnknownSeatError(label));
        if (!seats.cancel(seat)) {
            throw new HttpError(404, "not_booked", "seat " + seat + " is not booked");
        }
        return JsonResponses.noContent();
    }
}
