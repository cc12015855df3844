;; Word count made of stormcpp C++ components, with Storm's Clojure DSL (storm-clojure).
;;
;; The same topology as wordcount.yaml: one executable, `wordcount`, shipped in the topology jar
;; under resources/, started with its role as argument. A jar keeps no file modes, so each
;; command restores the run bit first; `exec` keeps the pid the component reported to Storm.
;;
;; The file's last form is the value a loader uses: a map with the StormTopology and its config
;; (stormcpp.storm.Specs reads it; any Clojure code can `load-file` it the same way).
;;
;; Run locally:  tools/run-wordcount --clojure
(ns stormcpp.topologies.wordcount
  (:use [org.apache.storm clojure]))

(defn wordcount-command
  "The shell command that starts `wordcount <role>` from the topology's resources/ folder."
  [role]
  ["sh" "-c" (str "chmod +x ./wordcount && exec ./wordcount " role)])

(defn wordcount-topology []
  (topology
    {"spout" (shell-spout-spec (wordcount-command "spout") ["sentence"] :p 1)}
    {"split" (shell-bolt-spec {"spout" :shuffle}
                              (wordcount-command "split") ["word"] :p 2)
     "count" (shell-bolt-spec {"split" ["word"]}
                              (wordcount-command "count") ["word" "count"] :p 3)}))

{:topology (wordcount-topology)
 :conf {"topology.workers" 2
        "topology.max.spout.pending" 500
        "topology.message.timeout.secs" 30}}
