package stormcpp.tool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java side of the {@code stormcpp} command (tools/stormcpp runs it; users need not):
 *
 * <pre>
 * java -cp TOOL.jar:TOPOLOGY.jar:STORM_CLASSPATH stormcpp.tool.Main COMMAND [options]
 *   config     [--config F] [--env E]            the project config, as shell assignments
 *   run        --spec S [--seconds N] [--until-acked N]       a local-mode run (LocalCluster)
 *   submit     --spec S --nimbus H:P [--force]   StormSubmitter (set -Dstorm.jar=TOPOLOGY.jar)
 *   list | ready                 --nimbus H:P
 *   kill NAME [--wait S] | activate NAME | deactivate NAME | stats NAME   --nimbus H:P
 *   visualize  --spec S                          the topology's graph as DOT
 *   context    --spec S --component C            the handshake context Storm would send C
 * common: [--config stormcpp.yaml] [--env E] [--name N] [-o key=value]...
 * run and submit: [--resources DIR] first start each shell command there once (see Preflight)
 * </pre>
 *
 * Exit status: 0 done; 1 the run or the operation failed; 2 usage; 3 a bad config or spec;
 * 4 Nimbus unreachable; 5 no such topology, or one of that name already runs.
 */
public final class Main {
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int INVALID = 3;
    static final int UNREACHABLE = 4;
    static final int NO_TOPOLOGY = 5;

    /** A failure with its exit status and a one-line message. */
    static final class Exit extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        Exit(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** The parsed command line. */
    static final class Args {
        String command;
        String config;
        String env;
        String spec;
        String name;
        String nimbus;
        String component;
        String resources;
        String metricsDir;
        int supervisors = 1;
        long seconds = 30;
        long untilAcked;
        int waitSecs = -1;
        boolean force;
        final Map<String, Object> options = new LinkedHashMap<>();
        final List<String> positional = new ArrayList<>();
        Project project;

        Project.Env env() {
            Project.Env e = project.env(env != null ? env : command.equals("run") ? "local" : "dev");
            if (nimbus != null) {
                Project.setNimbus(e, nimbus, "--nimbus ");
            }
            return e;
        }

        String topologyName(String fromSpec) {
            if (name != null) {
                return name;
            }
            return project.topology != null ? project.topology : fromSpec;
        }

        String spec() {
            String s = spec != null ? spec : project.spec;
            if (s == null) {
                throw new Exit(USAGE, "no spec: pass --spec FILE or set spec: in stormcpp.yaml");
            }
            return s;
        }

        String needName() {
            if (!positional.isEmpty()) {
                return positional.get(0);
            }
            if (name != null) {
                return name;
            }
            if (project.topology != null) {
                return project.topology;
            }
            throw new Exit(USAGE, command + ": which topology? give its NAME (or set topology: in stormcpp.yaml)");
        }
    }

    private Main() {}

    public static void main(String[] argv) {
        int status;
        try {
            status = dispatch(parse(argv));
        } catch (Exit e) {
            System.err.println("stormcpp: " + e.getMessage());
            status = e.status;
        } catch (Project.Invalid e) {
            System.err.println("stormcpp: [stormcpp.config] " + e.getMessage());
            status = INVALID;
        } catch (Exception e) {
            System.err.println("stormcpp: " + describe(e));
            e.printStackTrace();
            status = FAILED;
        }
        System.out.flush();
        System.exit(status);
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + ": " + Project.oneLine(e.getMessage());
    }

    private static Args parse(String[] argv) {
        if (argv.length == 0) {
            throw new Exit(USAGE, "usage: stormcpp.tool.Main COMMAND [options] (see tools/stormcpp --help)");
        }
        Args a = new Args();
        a.command = argv[0];
        for (int i = 1; i < argv.length; i++) {
            String flag = argv[i];
            if (!flag.startsWith("-")) {
                a.positional.add(flag);
                continue;
            }
            if (flag.equals("--force")) {
                a.force = true;
                continue;
            }
            if (i + 1 >= argv.length) {
                throw new Exit(USAGE, flag + " needs a value");
            }
            String v = argv[++i];
            switch (flag) {
                case "--config": a.config = v; break;
                case "--env": case "-e": a.env = v; break;
                case "--spec": a.spec = v; break;
                case "--name": a.name = v; break;
                case "--nimbus": a.nimbus = v; break;
                case "--component": a.component = v; break;
                case "--resources": a.resources = v; break;
                case "--metrics-dir": a.metricsDir = v; break;
                case "--supervisors": a.supervisors = (int) number(flag, v); break;
                case "--seconds": a.seconds = number(flag, v); break;
                case "--until-acked": a.untilAcked = number(flag, v); break;
                case "--wait": a.waitSecs = (int) number(flag, v); break;
                case "-o": case "--option": Project.putOption(a.options, v); break;
                default: throw new Exit(USAGE, "unknown option " + flag);
            }
        }
        a.project = Project.exists(a.config) ? new Project(a.config) : new Project();
        return a;
    }

    private static long number(String flag, String v) {
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Exit(USAGE, flag + " " + v + ": want a whole number >= 0");
        }
    }

    private static int dispatch(Args a) throws Exception {
        switch (a.command) {
            case "config": return config(a);
            case "run": return LocalRun.run(a);
            case "submit": return Nimbus.submit(a);
            case "list": return Nimbus.list(a);
            case "ready": return Nimbus.ready(a);
            case "kill": return Nimbus.kill(a);
            case "activate": return Nimbus.activate(a, true);
            case "deactivate": return Nimbus.activate(a, false);
            case "stats": return Nimbus.stats(a);
            case "visualize": return Graph.dot(a);
            case "context": return Graph.context(a);
            default: throw new Exit(USAGE, "unknown command " + a.command);
        }
    }

    /** The config as shell assignments for tools/stormcpp (values single-quoted). */
    private static int config(Args a) {
        Project p = a.project;
        Map<String, String> out = new LinkedHashMap<>();
        out.put("cfg_file", p.file == null ? "" : p.file);
        out.put("cfg_topology", p.topology == null ? "" : p.topology);
        out.put("cfg_spec", p.spec == null ? "" : p.spec);
        out.put("cfg_build_dir", p.buildDir);
        out.put("cfg_storm_version", p.stormVersion == null ? "" : p.stormVersion);
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : out.entrySet()) {
            sb.append(e.getKey()).append('=').append(quote(e.getValue())).append('\n');
        }
        sb.append("cfg_specs=(");
        for (String s : p.specs) {
            sb.append(quote(s)).append(' ');
        }
        sb.append(")\ncfg_executables=(");
        for (String s : p.executables) {
            sb.append(quote(s)).append(' ');
        }
        sb.append(")\n");
        if (a.env != null) {
            Project.Env env = a.env();
            sb.append("cfg_env=").append(quote(env.name)).append('\n');
            sb.append("cfg_dev_cluster=").append(env.devCluster ? 1 : 0).append('\n');
            sb.append("cfg_nimbus=").append(quote(env.nimbusHost == null ? "" : env.nimbusHost + ":" + env.nimbusPort))
                    .append('\n');
        }
        System.out.print(sb);
        return 0;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
