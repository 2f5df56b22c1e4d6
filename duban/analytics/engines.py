"""Engines that run the catalogue's SQL: DuckDB on this machine, Spark past it.

Both bind the same names (`t`, `other_src`, `cal`) and answer the same SQL with rows of tuples;
nothing in a rule knows which engine runs it.
"""
import shutil
import tempfile
from pathlib import Path

import pyarrow as pa

from duban.analytics import store
from duban.core.errors import DomainError

ENGINES = ("duckdb", "spark")


class DuckDBEngine:
    name = "duckdb"

    def __enter__(self):
        self._ctx = store.connect()
        self.con = self._ctx.__enter__()
        return self

    def __exit__(self, *exc):
        return self._ctx.__exit__(*exc)

    def bind_source(self, name: str, source) -> None:
        self.con.execute(f'CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM "{source.table}"')

    def bind_arrow(self, name: str, table: pa.Table) -> None:
        self.con.register(name, table)

    def query(self, sql: str) -> list[tuple]:
        return self.con.execute(sql).fetchall()


_spark = None


def spark_session():
    """One small local Spark per process: one core and little memory, so it fits beside the rest."""
    global _spark
    if _spark is None:
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise DomainError("Spark 引擎需要安装 pyspark（pip install pyspark）和 Java 运行环境") from None
        _spark = (SparkSession.builder.master("local[1]").appName("duban-analytics")
                  .config("spark.driver.memory", "512m").config("spark.ui.enabled", "false")
                  .config("spark.sql.shuffle.partitions", "1").config("spark.driver.host", "127.0.0.1")
                  .config("spark.driver.bindAddress", "127.0.0.1")
                  .config("spark.sql.execution.arrow.pyspark.enabled", "true").getOrCreate())
        _spark.sparkContext.setLogLevel("ERROR")
    return _spark


class SparkEngine:
    """Sources reach Spark as Parquet written from the store batch by batch, as a cluster would read them."""

    name = "spark"

    def __enter__(self):
        self.spark = spark_session()
        self.folder = Path(tempfile.mkdtemp(prefix="duban-spark-"))
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.folder, ignore_errors=True)
        return False

    def bind_source(self, name: str, source) -> None:
        import pyarrow.parquet as pq

        target = self.folder / f"{name}.parquet"
        with store.connect() as con:
            reader = con.sql(f'SELECT * FROM "{source.table}"').to_arrow_reader()
            with pq.ParquetWriter(target, reader.schema) as writer:
                for batch in reader:
                    writer.write_batch(batch)
        self.spark.read.parquet(str(target)).createOrReplaceTempView(name)

    def bind_arrow(self, name: str, table: pa.Table) -> None:
        self.spark.createDataFrame(table.to_pandas(), schema=_spark_schema(table)).createOrReplaceTempView(name)

    def query(self, sql: str) -> list[tuple]:
        return [tuple(row) for row in self.spark.sql(sql).collect()]


def _spark_schema(table: pa.Table) -> str:
    kinds = {pa.int32(): "int", pa.int64(): "bigint", pa.string(): "string", pa.float64(): "double"}
    return ", ".join(f"{f.name} {kinds[f.type]}" for f in table.schema)


def engine_for(name: str):
    if name == "duckdb":
        return DuckDBEngine()
    if name == "spark":
        return SparkEngine()
    raise DomainError(f"引擎「{name[:20]}」无效，可选：{'、'.join(ENGINES)}")
