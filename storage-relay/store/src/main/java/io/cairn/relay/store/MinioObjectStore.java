package io.cairn.relay.store;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * {@link ObjectStore} over the MinIO Java client (SigV4, path-style), for AWS S3, MinIO, s3proxy
 * and other S3-compatible stores.
 *
 * <p>Timeouts are short on purpose: when the store is down, the shipper must learn it in about
 * two seconds and back off, not hold a worker for minutes. The client owns its OkHttp dispatcher
 * and connection pool and releases both in {@link #close()}; otherwise their threads would keep
 * a JVM alive for about a minute.
 */
public final class MinioObjectStore implements ObjectStore {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);
    private static final String CONTENT_TYPE = "application/octet-stream";

    private final S3Options options;
    private final OkHttpClient http;
    private final MinioClient client;
    private volatile boolean bucketReady;

    private MinioObjectStore(S3Options options) {
        this.options = options;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                // Kept on: it only re-sends over a fresh connection when a pooled one turned out stale
                // (always the case right after the store restarted). Real outages still fail fast and
                // are retried by the caller's policy (backoff, ordering).
                .retryOnConnectionFailure(true)
                .build();
        this.client = MinioClient.builder()
                .endpoint(options.endpoint())
                .region(options.region())
                .credentials(options.accessKey(), options.secretKey())
                .httpClient(http, true)
                .build();
    }

    /**
     * Connects and creates the bucket if it is missing.
     *
     * @throws ObjectStoreException (retryable when the store is unreachable) naming the endpoint
     */
    public static MinioObjectStore connect(S3Options options) {
        MinioObjectStore store = create(options);
        try {
            store.ensureBucket();
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * A store that has not talked to the server yet: the bucket is created on the first write.
     * For nodes that must start while the object store is down (uploads retry in the background).
     */
    public static MinioObjectStore create(S3Options options) {
        return new MinioObjectStore(options);
    }

    /** The options this store was made with. */
    public S3Options options() {
        return options;
    }

    /** Creates the bucket if it does not exist yet. */
    public void ensureBucket() {
        String bucket = options.bucket();
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).region(options.region()).build());
                } catch (ErrorResponseException e) {
                    // Another node created it between our check and our request: that is fine.
                    String code = e.errorResponse().code();
                    if (!code.equals("BucketAlreadyOwnedByYou") && !code.equals("BucketAlreadyExists")) {
                        throw e;
                    }
                }
            }
            bucketReady = true;
        } catch (Exception e) {
            throw MinioErrors.map("create bucket s3://" + bucket, options.endpoint(), e);
        }
    }

    @Override
    public void put(String key, byte[] data) {
        writeWithBucket(key, () -> client.putObject(PutObjectArgs.builder()
                .bucket(options.bucket()).object(key)
                .stream(new ByteArrayInputStream(data), data.length, -1)
                .contentType(CONTENT_TYPE)
                .build()));
    }

    @Override
    public void put(String key, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("cannot upload " + file + " to " + url(key) + ": not a regular file");
        }
        writeWithBucket(key, () -> client.uploadObject(UploadObjectArgs.builder()
                .bucket(options.bucket()).object(key)
                .filename(file.toString())
                .contentType(CONTENT_TYPE)
                .build()));
    }

    @Override
    public Optional<byte[]> get(String key) {
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(options.bucket()).object(key).build())) {
            return Optional.of(in.readAllBytes());
        } catch (Exception e) {
            if (MinioErrors.isNotFound(e) && !MinioErrors.isNoSuchBucket(e)) {
                return Optional.empty();
            }
            throw MinioErrors.map("GET " + url(key), options.endpoint(), e);
        }
    }

    @Override
    public InputStream open(String key) {
        try {
            return client.getObject(GetObjectArgs.builder().bucket(options.bucket()).object(key).build());
        } catch (Exception e) {
            throw MinioErrors.map("GET " + url(key), options.endpoint(), e);
        }
    }

    @Override
    public boolean exists(String key) {
        try {
            client.statObject(StatObjectArgs.builder().bucket(options.bucket()).object(key).build());
            return true;
        } catch (Exception e) {
            if (MinioErrors.isNotFound(e) && !MinioErrors.isNoSuchBucket(e)) {
                return false;
            }
            throw MinioErrors.map("HEAD " + url(key), options.endpoint(), e);
        }
    }

    @Override
    public List<StoredObject> list(String prefix) {
        List<StoredObject> out = new ArrayList<>();
        try {
            Iterable<Result<Item>> results = client.listObjects(ListObjectsArgs.builder()
                    .bucket(options.bucket()).prefix(prefix).recursive(true).maxKeys(1000).build());
            for (Result<Item> result : results) {
                Item item = result.get();
                if (!item.isDir()) {
                    out.add(new StoredObject(item.objectName(), item.size(), item.lastModified().toInstant()));
                }
            }
        } catch (Exception e) {
            throw MinioErrors.map("LIST " + url(prefix) + "*", options.endpoint(), e);
        }
        out.sort(Comparator.comparing(StoredObject::key));
        return out;
    }

    @Override
    public void delete(Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        List<DeleteObject> objects = keys.stream().distinct().map(DeleteObject::new).toList();
        List<String> failures = new ArrayList<>();
        try {
            // The client sends one request per 1,000 keys, lazily, as the results are read.
            for (Result<DeleteError> result : client.removeObjects(
                    RemoveObjectsArgs.builder().bucket(options.bucket()).objects(objects).build())) {
                DeleteError error = result.get();
                if (!"NoSuchKey".equals(error.code())) {
                    failures.add(error.objectName() + " (" + error.code() + ": " + error.message() + ")");
                }
            }
        } catch (Exception e) {
            throw MinioErrors.map("DELETE " + keys.size() + " keys in s3://" + options.bucket(), options.endpoint(), e);
        }
        if (!failures.isEmpty()) {
            throw ObjectStoreException.permanent("S3 DELETE in s3://" + options.bucket() + " at " + options.endpoint()
                    + " failed for " + failures.size() + " of " + keys.size() + " keys, first: " + failures.getFirst(), null);
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            // Closing only releases local resources; nothing useful to report beyond the cleanup below.
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "MinioObjectStore[" + options.describe() + "]";
    }

    private String url(String key) {
        return "s3://" + options.bucket() + "/" + key;
    }

    /** A write; on a missing bucket (lazy start, or someone deleted it) creates it and tries once more. */
    private void writeWithBucket(String key, MinioCall call) {
        if (!bucketReady) {
            ensureBucket();
        }
        try {
            call.run();
        } catch (Exception first) {
            if (!MinioErrors.isNoSuchBucket(first)) {
                throw MinioErrors.map("PUT " + url(key), options.endpoint(), first);
            }
            bucketReady = false;
            ensureBucket();
            try {
                call.run();
            } catch (Exception second) {
                throw MinioErrors.map("PUT " + url(key), options.endpoint(), second);
            }
        }
    }

    @FunctionalInterface
    private interface MinioCall {
        void run() throws Exception;
    }
}
