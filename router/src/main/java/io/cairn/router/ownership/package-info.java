/** At most one live instance per object: ownership records with epochs, hand-over between nodes, and the record of local copies. */
package io.cairn.router.ownership;
