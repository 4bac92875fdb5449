// The build deployed both migrations (status with failOnPending passed), and said so.
def log = new File(basedir, 'build.log').text
assert log.contains('Applied V1__create_notes')
assert log.contains('Applied V2__index_body')
assert log.contains('Database schema is up to date.')
assert log.contains('No drift')
