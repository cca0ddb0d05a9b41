/** Which node owns an object: rendezvous hashing over the members of the current view. */
package io.cairn.router.placement;
