// The choreography language (see docs/language.md). Regenerate the committed
// Python parser in parser/generated/ with `make grammar`.
grammar Choreo;

program        : choreography* EOF ;

choreography   : CHOREOGRAPHY ATOM '(' roleDecl (',' roleDecl)* ')' block ;

roleDecl       : VAR ( '(' ( VAR (',' VAR)* )? ')' )? ;

block          : '{' statement* '}' ;

statement
    : located '~>' located (WITHIN INT)? ';'                 # commStmt
    | VAR '[' selectLabel ']' '~>' VAR ';'                    # selectStmt
    | located '=' expr ';'                                    # assignStmt
    | located (',' located)* '=' chorCall ';'                 # callResultStmt
    | chorCall ';'                                            # callStmt
    | located ';'                                             # actionStmt
    | ifStmt                                                  # ifStatement
    | CASE located '{' caseClause+ '}'                        # caseStmt
    | RETURN ( located (',' located)* )? ';'                  # returnStmt
    | CHECKPOINT block RESCUE block                           # checkpointStmt
    ;

// `else` and integers too, so that the labels the compiler inserts can be written.
selectLabel    : ATOM | INT | ELSE ;

ifStmt         : IF located block ( ELSE ( block | ifStmt ) )? ;

caseClause     : expr ( WHEN guard (';' guard)* )? '->' block ;

guard          : expr (',' expr)* ;

chorCall       : ATOM '(' ( callArg (',' callArg)* )? ')' ;

callArg        : VAR ( '(' exprList? ')' )? ;

located        : VAR '.' primary ;

// Erlang's operator precedence, tightest first.
expr
    : expr mapLiteral                                                      # mapUpdate
    | op=('+' | '-' | NOT | BNOT) expr                                     # unaryExpr
    | expr op=('*' | '/' | DIV | REM | AND | BAND) expr                    # binaryExpr
    | expr op=('+' | '-' | OR | XOR | BOR | BXOR | BSL | BSR) expr         # binaryExpr
    | <assoc=right> expr op=('++' | '--') expr                             # binaryExpr
    | expr op=('==' | '/=' | '=<' | '<' | '>=' | '>' | '=:=' | '=/=') expr # binaryExpr
    | expr op=ANDALSO expr                                                 # binaryExpr
    | expr op=ORELSE expr                                                  # binaryExpr
    | primary                                                              # primaryExpr
    ;

primary
    : VAR                                                     # varExpr
    | ATOM ':' ATOM '(' exprList? ')'                         # remoteCallExpr
    | ATOM '(' exprList? ')'                                  # callExpr
    | ATOM                                                    # atomExpr
    | INT                                                     # intExpr
    | FLOAT                                                   # floatExpr
    | CHAR                                                    # charExpr
    | STRING+                                                 # stringExpr
    | '{' exprList? '}'                                       # tupleExpr
    | '[' expr '||' qualifier (',' qualifier)* ']'            # listCompExpr
    | '[' ( exprList ( '|' expr )? )? ']'                     # listExpr
    | mapLiteral                                              # mapExpr
    | '<<' ( binElem (',' binElem)* )? '>>'                   # binaryLit
    | '(' expr ')'                                            # parenExpr
    ;

mapLiteral     : '#' '{' ( mapField (',' mapField)* )? '}' ;

mapField       : expr op=('=>' | ':=') expr ;

qualifier      : expr '<-' expr                               # generatorQual
               | expr                                         # filterQual
               ;

binElem        : binValue ( ':' binSize )? ( '/' ATOM ( '-' ATOM )* )? ;

binValue       : INT | STRING | VAR | CHAR | '(' expr ')' ;

binSize        : INT | VAR | '(' expr ')' ;

exprList       : expr (',' expr)* ;

// ---------------------------------------------------------------- lexer

CHOREOGRAPHY : 'choreography' ;
IF           : 'if' ;
ELSE         : 'else' ;
CASE         : 'case' ;
WHEN         : 'when' ;
RETURN       : 'return' ;
CHECKPOINT   : 'checkpoint' ;
RESCUE       : 'rescue' ;
WITHIN       : 'within' ;
DIV          : 'div' ;
REM          : 'rem' ;
AND          : 'and' ;
OR           : 'or' ;
XOR          : 'xor' ;
NOT          : 'not' ;
BAND         : 'band' ;
BOR          : 'bor' ;
BXOR         : 'bxor' ;
BNOT         : 'bnot' ;
BSL          : 'bsl' ;
BSR          : 'bsr' ;
ANDALSO      : 'andalso' ;
ORELSE       : 'orelse' ;

ATOM         : [a-z] [a-zA-Z0-9_@]*
             | '\'' ( '\\' . | ~['\\\r\n] )* '\''
             ;
VAR          : [A-Z_] [a-zA-Z0-9_@]* ;
FLOAT        : DIGITS '.' DIGITS ( [eE] [+-]? DIGITS )? ;
INT          : DIGITS ( '#' [0-9a-zA-Z]+ )? ;
CHAR         : '$' ( '\\' ESCAPE | ~[\\] ) ;
STRING       : '"' ( '\\' . | ~["\\] )* '"' ;

fragment DIGITS : [0-9]+ ( '_' [0-9]+ )* ;

// Erlang's escapes after `\`: octal `\101`, `\x41`, `\x{263A}`, control `\^A`, or
// one character (`\n`, `\'`). A malformed `\x` is taken whole and reported by the
// AST builder with its position.
fragment ESCAPE : [0-7] [0-7]? [0-7]?
                | 'x' ( '{' ~[}\r\n]* '}' | [0-9a-fA-F] [0-9a-fA-F]? )?
                | '^' .
                | .
                ;

COMMENT      : '%' ~[\r\n]* -> skip ;
WS           : [ \t\r\n\f]+ -> skip ;

// Any other character becomes a token of its own, so that the parser (not
// the lexer) reports it with a located message.
ERROR_CHAR   : . ;
