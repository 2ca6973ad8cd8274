"""Airflow DAG: retrain a seqspark forecaster every day with SparkSubmitOperator.

Copy to your DAGs folder and adjust the paths and connection. The run id is the schedule date ({{ ds }}), so
Airflow retries and backfills are safe: a date that already completed exits 0 without retraining, a failed date
is trained again, and nothing partial is ever left under <job.output>/<job.name>/<run id>/ (see the README).
A downstream task can read <job.output>/<job.name>/LATEST for the latest completed run.

Exit codes: 0 success (or already done), 2 bad configuration or input data (a retry will not help), 1 other.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

SEQSPARK_HOME = "/opt/seqspark"
CLUSTER_JAR = f"{SEQSPARK_HOME}/target/seqspark-0.1.0-SNAPSHOT-cluster.jar"
# The --add-opens flags Spark needs on Java 17, one per line in jobs/java17.args (executors get them from
# seqspark itself).
with open(f"{SEQSPARK_HOME}/jobs/java17.args") as f:
    JAVA17_OPTIONS = " ".join(line.strip() for line in f if line.strip())

with DAG(
    dag_id="seqspark_daily_temperatures",
    schedule="30 2 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
    tags=["seqspark"],
) as dag:
    train = SparkSubmitOperator(
        task_id="train",
        conn_id="spark_default",  # points at the cluster (spark://..., yarn or k8s://...)
        application=CLUSTER_JAR,
        java_class="io.seqspark.cli.Main",
        application_args=[
            "train",
            "--conf", "hdfs:///seqspark/jobs/daily-min-temperatures.conf",
            "--set", "job.output=hdfs:///seqspark/runs",
            "--run-id", "{{ ds }}",
        ],
        conf={
            "spark.driver.extraJavaOptions": JAVA17_OPTIONS,
            "spark.executor.memory": "4g",
            "spark.executor.memoryOverhead": "2g",
            "spark.executor.cores": "2",
        },
        name="seqspark-train-{{ ds }}",
    )
