;; Word count made of stormcpp C++ components, with Storm's Clojure DSL (storm-clojure).
;;
;; The same topology as wordcount.yaml: one executable, `wordcount`, shipped in the topology jar
;; under resources/; stormcpp.storm.CppSpout / CppBolt start `./wordcount <component>` there.
;;
;; The file's last form is the value a loader uses: a map with the StormTopology and its config
;; (the stormcpp command reads it; any Clojure code can `load-file` it the same way).
;;
;; Run locally:  stormcpp run --spec topologies/wordcount.clj
(ns stormcpp.topologies.wordcount
  (:use [org.apache.storm clojure])
  (:import [stormcpp.storm CppSpout CppBolt]))

(defn fields [& names] (into-array String names))

(defn wordcount-topology []
  (topology
    {"spout" (spout-spec (CppSpout. "wordcount" "spout" (fields "sentence")) :p 1)}
    {"split" (bolt-spec {"spout" :shuffle} (CppBolt. "wordcount" "split" (fields "word")) :p 2)
     "count" (bolt-spec {"split" ["word"]} (CppBolt. "wordcount" "count" (fields "word" "count")) :p 3)}))

{:topology (wordcount-topology)
 :conf {"topology.workers" 2
        "topology.max.spout.pending" 500
        "topology.message.timeout.secs" 30}}
