/**
 * Extension points of the node, for modules the runtime does not depend on (the storage relay,
 * the router). {@link io.cairn.runtime.spi.NodeExtension} joins a node at start;
 * {@link io.cairn.runtime.spi.ObjectStorageHooks} follows each object's database through its
 * life on the object's own thread; {@link io.cairn.runtime.spi.ExclusiveTask} runs work while an
 * object's database is closed (restore, export).
 */
package io.cairn.runtime.spi;
