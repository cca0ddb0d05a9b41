package io.cairn.relay.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how to reach the bucket all objects of a cluster ship to.
 *
 * <p>Validated on construction so a typo in a flag fails at start with a message naming the
 * value, not minutes later inside a background upload.
 *
 * @param endpoint {@code http://host:port} or {@code https://host[:port]}, no path (path-style
 *     requests are used, so the bucket never goes into the host name)
 * @param bucket an S3 bucket name: 3 to 63 of {@code a-z 0-9 . -}, starting and ending with a
 *     letter or digit, no {@code ..}, not shaped like an IP address
 * @param accessKey non-empty
 * @param secretKey non-empty; never printed by {@link #toString()}
 * @param region signing region; blank means {@code us-east-1} (what S3-compatible servers expect)
 * @param prefix {@code ""} or a key prefix ending with {@code /} and not starting with one, so
 *     several clusters can share one bucket
 */
public record S3Options(String endpoint, String bucket, String accessKey, String secretKey, String region, String prefix) {

    public static final String DEFAULT_REGION = "us-east-1";

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_LIKE = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public S3Options {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        region = region == null || region.isBlank() ? DEFAULT_REGION : region.trim();
        prefix = prefix == null ? "" : prefix;
        endpoint = checkEndpoint(endpoint);
        checkBucket(bucket);
        if (accessKey.isBlank()) {
            throw new IllegalArgumentException("S3 access key is empty (endpoint " + endpoint + ")");
        }
        if (secretKey.isBlank()) {
            throw new IllegalArgumentException("S3 secret key is empty (endpoint " + endpoint + ")");
        }
        checkPrefix(prefix);
    }

    /** Options with the default region and no key prefix. */
    public static S3Options of(String endpoint, String bucket, String accessKey, String secretKey) {
        return new S3Options(endpoint, bucket, accessKey, secretKey, DEFAULT_REGION, "");
    }

    /** The same bucket and credentials under another key prefix. */
    public S3Options withPrefix(String newPrefix) {
        return new S3Options(endpoint, bucket, accessKey, secretKey, region, newPrefix);
    }

    /** The same options with another region. */
    public S3Options withRegion(String newRegion) {
        return new S3Options(endpoint, bucket, accessKey, secretKey, newRegion, prefix);
    }

    /** Where objects land, for messages: {@code s3://bucket/prefix at endpoint}. */
    public String describe() {
        return "s3://" + bucket + "/" + prefix + " at " + endpoint;
    }

    @Override
    public String toString() {
        // The secret key must never reach logs, error messages or admin responses.
        return "S3Options[endpoint=" + endpoint + ", bucket=" + bucket + ", accessKey=" + accessKey
                + ", secretKey=***, region=" + region + ", prefix=" + prefix + "]";
    }

    private static String checkEndpoint(String endpoint) {
        String problem = "invalid S3 endpoint '" + endpoint + "': use http://host:port or https://host[:port]";
        URI uri;
        try {
            uri = new URI(endpoint.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(problem + " (" + e.getMessage() + ")", e);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException(problem + " (scheme must be http or https)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException(problem + " (no host)");
        }
        if (scheme.equals("http") && uri.getPort() < 0) {
            throw new IllegalArgumentException(problem + " (an http endpoint needs an explicit port)");
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(problem + " (no path, query or credentials in the URL:"
                    + " the bucket and prefix are separate options)");
        }
        String normalized = scheme + "://" + uri.getRawAuthority();
        return normalized;
    }

    private static void checkBucket(String bucket) {
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..") || IP_LIKE.matcher(bucket).matches()) {
            throw new IllegalArgumentException("invalid S3 bucket name '" + bucket + "': use 3 to 63 characters"
                    + " of a-z, 0-9, '.' and '-', starting and ending with a letter or digit,"
                    + " without '..' and not shaped like an IP address");
        }
    }

    private static void checkPrefix(String prefix) {
        if (prefix.isEmpty()) {
            return;
        }
        if (!prefix.endsWith("/") || prefix.startsWith("/") || prefix.contains("//")) {
            throw new IllegalArgumentException("invalid S3 key prefix '" + prefix + "': use \"\" or a prefix"
                    + " such as \"cluster-a/\" that ends with '/' and neither starts with '/' nor contains '//'");
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (Character.isISOControl(prefix.charAt(i))) {
                throw new IllegalArgumentException("invalid S3 key prefix: control character at index " + i);
            }
        }
    }
}
