package io.cairn.launcher;

import io.cairn.relay.store.EmbeddedS3;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code cairn local-cluster} prints once every node is ready: the table of nodes, the S3
 * store, the admin token, and commands that hit different nodes.
 *
 * @param pids the nodes' pids, node-1 first
 * @param home the repository (null: started outside deploy/bin/cairn)
 * @param workDir the absolute directory holding {@code .cairn/}
 */
record LocalClusterBanner(LocalClusterPlan plan, EmbeddedS3 s3, List<Long> pids, String token, Path home, Path workDir) {

    void print(PrintWriter out, List<SampleAppDeployer.Outcome> outcomes) {
        List<LocalClusterPlan.Member> nodes = plan.nodes();
        String cli = DevSession.launcher(home, workDir);
        String tokenFile = DevSession.inWorkDir(plan.tokenFile(), workDir);
        LocalClusterPlan.Member first = nodes.getFirst();
        LocalClusterPlan.Member second = nodes.get(Math.min(1, nodes.size() - 1));
        LocalClusterPlan.Member last = nodes.getLast();
        synchronized (out) {
            out.println();
            out.println("Cairn local cluster running: " + nodes.size() + " node" + (nodes.size() == 1 ? "" : "s") + " on "
                    + LocalClusterPlan.HOST + ", one embedded S3 store");
            out.println(String.format("  %-7s %-23s %-16s %-8s %s", "node", "HTTP", "member port", "pid", "data"));
            for (int i = 0; i < nodes.size(); i++) {
                LocalClusterPlan.Member m = nodes.get(i);
                out.println(String.format("  %-7s %-23s %-16s %-8d %s", m.name(), m.url(), m.clusterAddress(), pids.get(i),
                        DevSession.inWorkDir(m.dataDir(), workDir)));
            }
            out.println("  S3 endpoint:  " + s3.endpoint() + " (embedded; bucket " + LocalClusterPlan.BUCKET + ", access key "
                    + s3.accessKey() + ", secret key " + s3.secretKey() + "; data in " + DevSession.inWorkDir(s3.dataDir(), workDir) + ")");
            out.println("  replication:  " + (plan.replicas() == 0 ? "none (one node)" : "each object's writes go to "
                    + plan.replicas() + " other node" + (plan.replicas() == 1 ? "" : "s") + ", " + plan.quorum()
                    + " must hold a write before it is answered"));
            out.println("  admin token:  " + token);
            out.println("  token file:   " + tokenFile + " (shared by every node)");
            out.println();
            DevSession.printSampleApps(out, outcomes, home, workDir);
            out.println();
            out.println("Try (every node accepts every request and routes it to the object's owner):");
            out.println("  curl -X POST " + first.url() + "/objects/counter/hello/increment");
            out.println("  curl " + second.url() + "/objects/counter/hello");
            out.println("  curl -H \"Authorization: Bearer $(cat " + tokenFile + ")\" " + last.url() + "/admin/v1/cluster");
            out.println("  CAIRN_URL=" + second.url() + " " + cli + " objects counter");
            if (nodes.size() > 1) {
                out.println();
                out.println("Failover: stop a node (kill " + pids.get(1) + " stops " + second.name() + " gracefully, kill -9 "
                        + pids.get(1) + " crashes it);");
                if (plan.replicas() > 0 && plan.replicas() - plan.quorum() >= 1) {
                    out.println("the others keep running and take over its objects from their replicas; no acknowledged write is lost.");
                } else if (plan.replicas() > 0) {
                    out.println("the others keep running and serve reads, but writes answer 503 until it is back: each object needs "
                            + plan.quorum() + " of its " + plan.replicas() + " replicas (4 nodes or more tolerate one down).");
                } else {
                    out.println("the others keep running and take over its objects from the S3 store.");
                }
            }
            out.println();
            out.println("Press Ctrl-C to stop every node (gracefully, up to " + LocalCluster.STOP_TIMEOUT.toSeconds()
                    + " s each) and then the S3 store.");
            out.flush();
        }
    }
}
