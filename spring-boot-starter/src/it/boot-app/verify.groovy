// Both executable jars exist; PackagedApplicationIT starts them against PostgreSQL.
['3.5.7', '4.0.7'].each { version ->
  File jar = new File(basedir, "target/app-${version}.jar")
  assert jar.isFile() : "no ${jar}"
}
return true
