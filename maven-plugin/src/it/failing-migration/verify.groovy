// The build failed with Strata's own message, naming the migration and its line.
def log = new File(basedir, 'build.log').text
assert log.contains('strata: ')
assert log.contains('V1__broken')
assert log.contains('exit code 1')
