/*
 * mtrace.so: record a Linux program's malloc-family calls in the text
 * trace format of bench/traces/README.md, for make bench.
 *	LD_PRELOAD=build/mtrace.so MTRACE_FILE=prog.trace prog args
 *	make bench TRACE=prog.trace
 * One process: a child after fork records nothing, and programs it
 * executes run without the shim.  Objects are
 * numbered in order of creation; frees of memory we never saw are
 * left out of the trace.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void	*(*realmalloc)(size_t);
static void	(*realfree)(void*);
static void	*(*realcalloc)(size_t, size_t);
static void	*(*realrealloc)(void*, size_t);
static int	(*realposixmemalign)(void**, size_t, size_t);

static char	early[1<<16];	/* calloc's answers while dlsym itself allocates */
static size_t	nearly;
static int	fd = -1;
static pid_t	pid;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static __thread int inside;	/* our own allocations are not the program's */

/* pointer -> id, open addressing; a slot with id 0 is empty, ~0 deleted */
enum { Nslot = 1<<24 };
static uintptr_t *key;
static uint32_t	*val;
static uint32_t	nextid = 1;

static char	out[1<<16];
static size_t	nout;

static void
flush(void)
{
	size_t off;
	ssize_t n;

	for(off = 0; off < nout; off += n)
		if((n = write(fd, out + off, nout - off)) <= 0)
			break;
	nout = 0;
}

static void
put(char *s)
{
	while(*s){
		if(nout == sizeof out)
			flush();
		out[nout++] = *s++;
	}
}

static void
putnum(uint64_t v)
{
	char buf[24], *p;

	p = buf + sizeof buf;
	*--p = 0;
	do
		*--p = '0' + v % 10;
	while((v /= 10) != 0);
	put(p);
}

static uint32_t*
slot(uintptr_t k, int adding)
{
	size_t i;

	for(i = (k >> 4) * 0x9E3779B97F4A7C15ULL >> 40; ; i = (i + 1) & (Nslot - 1)){
		if(val[i] == 0)
			return adding ? &val[i] : NULL;
		if(key[i] == k && val[i] != ~0U)
			return &val[i];
		if(adding && val[i] == ~0U)
			return &val[i];
	}
}

static int
tracing(void)
{
	return fd >= 0 && !inside && getpid() == pid;
}

static void
event(char op, void *old, void *v, size_t a, size_t size)
{
	uint32_t *s, oldid;

	pthread_mutex_lock(&mu);
	oldid = 0;
	if(old != NULL && (s = slot((uintptr_t)old, 0)) != NULL){
		oldid = *s;
		*s = ~0U;
	}
	if(op == 'f'){
		if(oldid != 0){
			put("f "); putnum(oldid); put("\n");
		}
	}else{
		s = slot((uintptr_t)v, 1);
		key[s - val] = (uintptr_t)v;
		*s = nextid;
		put((char[]){op, ' ', 0});
		if(op == 'r'){
			putnum(oldid); put(" ");
		}
		putnum(nextid++); put(" ");
		if(op == 'm'){
			putnum(a); put(" ");
		}
		putnum(size); put("\n");
	}
	pthread_mutex_unlock(&mu);
}

static void __attribute__((constructor))
init(void)
{
	char *file;

	if(realmalloc != NULL)
		return;
	inside = 1;
	realcalloc = dlsym(RTLD_NEXT, "calloc");
	realmalloc = dlsym(RTLD_NEXT, "malloc");
	realfree = dlsym(RTLD_NEXT, "free");
	realrealloc = dlsym(RTLD_NEXT, "realloc");
	realposixmemalign = dlsym(RTLD_NEXT, "posix_memalign");
	key = mmap(NULL, Nslot * sizeof *key, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0);
	val = mmap(NULL, Nslot * sizeof *val, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0);
	file = getenv("MTRACE_FILE");
	if(key != MAP_FAILED && val != MAP_FAILED)
		fd = open(file ? file : "mtrace.trace", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666);
	pid = getpid();
	unsetenv("LD_PRELOAD");	/* programs this one runs are not recorded (nor clobber the file) */
	if(fd >= 0)
		put("# mtrace 1\n");
	inside = 0;
}

static void __attribute__((destructor))
fini(void)
{
	if(fd >= 0 && getpid() == pid){
		pthread_mutex_lock(&mu);
		flush();
		pthread_mutex_unlock(&mu);
	}
}

void*
malloc(size_t n)
{
	void *v;

	init();
	v = realmalloc(n);
	if(v != NULL && tracing())
		event('a', NULL, v, 0, n);
	return v;
}

void*
calloc(size_t n, size_t m)
{
	void *v;

	if(realcalloc == NULL){	/* dlsym asking, before we know the real one */
		size_t t = (n * m + 15) & ~(size_t)15;
		if(t > sizeof early - nearly)
			return NULL;
		v = early + nearly;
		nearly += t;
		return v;
	}
	v = realcalloc(n, m);
	if(v != NULL && tracing())
		event('a', NULL, v, 0, n * m);
	return v;
}

void
free(void *v)
{
	if(v == NULL || ((char*)v >= early && (char*)v < early + sizeof early))
		return;
	init();
	if(tracing())
		event('f', v, NULL, 0, 0);
	realfree(v);
}

void*
realloc(void *v, size_t n)
{
	void *nv;

	if(v != NULL && (char*)v >= early && (char*)v < early + sizeof early){
		nv = malloc(n);	/* cannot grow the early buffer: move out of it */
		if(nv != NULL)
			memcpy(nv, v, n < 64 ? n : 64);
		return nv;
	}
	init();
	nv = realrealloc(v, n);
	if(!tracing())
		return nv;
	if(v == NULL){
		if(nv != NULL)
			event('a', NULL, nv, 0, n);
	}else if(nv != NULL)
		event('r', v, nv, 0, n);
	else if(n == 0)
		event('f', v, NULL, 0, 0);	/* glibc's realloc(p, 0) frees */
	return nv;
}

int
posix_memalign(void **vp, size_t align, size_t n)
{
	int r;

	init();
	r = realposixmemalign(vp, align, n);
	if(r == 0 && tracing())
		event('m', NULL, *vp, align, n);
	return r;
}

void*
memalign(size_t align, size_t n)
{
	void *v;

	return posix_memalign(&v, align < sizeof(void*) ? sizeof(void*) : align, n) == 0 ? v : NULL;
}

void*
aligned_alloc(size_t align, size_t n)
{
	return memalign(align, n);
}
