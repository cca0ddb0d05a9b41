/** Who is in the cluster: Hazelcast members joined with the directory of HTTP addresses, as an immutable view. */
package io.cairn.router.membership;
