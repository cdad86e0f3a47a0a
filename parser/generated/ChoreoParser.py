# Generated from Choreo.g4 by ANTLR 4.13.2
# encoding: utf-8
from antlr4 import *
from io import StringIO
import sys
if sys.version_info[1] > 5:
	from typing import TextIO
else:
	from typing.io import TextIO

def serializedATN():
    return [
        4,1,67,384,2,0,7,0,2,1,7,1,2,2,7,2,2,3,7,3,2,4,7,4,2,5,7,5,2,6,7,
        6,2,7,7,7,2,8,7,8,2,9,7,9,2,10,7,10,2,11,7,11,2,12,7,12,2,13,7,13,
        2,14,7,14,2,15,7,15,2,16,7,16,2,17,7,17,2,18,7,18,2,19,7,19,1,0,
        5,0,42,8,0,10,0,12,0,45,9,0,1,0,1,0,1,1,1,1,1,1,1,1,1,1,1,1,5,1,
        55,8,1,10,1,12,1,58,9,1,1,1,1,1,1,1,1,2,1,2,1,2,1,2,1,2,5,2,68,8,
        2,10,2,12,2,71,9,2,3,2,73,8,2,1,2,3,2,76,8,2,1,3,1,3,5,3,80,8,3,
        10,3,12,3,83,9,3,1,3,1,3,1,4,1,4,1,4,1,4,1,4,3,4,92,8,4,1,4,1,4,
        1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,5,4,
        111,8,4,10,4,12,4,114,9,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,4,1,
        4,1,4,1,4,1,4,1,4,1,4,4,4,131,8,4,11,4,12,4,132,1,4,1,4,1,4,1,4,
        1,4,1,4,5,4,141,8,4,10,4,12,4,144,9,4,3,4,146,8,4,1,4,1,4,1,4,1,
        4,1,4,1,4,3,4,154,8,4,1,5,1,5,1,5,1,5,1,5,1,5,3,5,162,8,5,3,5,164,
        8,5,1,6,1,6,1,6,1,6,1,6,5,6,171,8,6,10,6,12,6,174,9,6,3,6,176,8,
        6,1,6,1,6,1,6,1,7,1,7,1,7,5,7,184,8,7,10,7,12,7,187,9,7,1,8,1,8,
        1,8,1,8,1,8,5,8,194,8,8,10,8,12,8,197,9,8,3,8,199,8,8,1,8,1,8,1,
        9,1,9,1,9,3,9,206,8,9,1,9,3,9,209,8,9,1,10,1,10,1,10,1,10,1,11,1,
        11,1,11,1,11,3,11,219,8,11,1,11,1,11,1,11,1,11,1,11,1,11,1,11,1,
        11,1,11,1,11,1,11,1,11,1,11,1,11,1,11,1,11,1,11,1,11,1,11,1,11,1,
        11,5,11,242,8,11,10,11,12,11,245,9,11,1,12,1,12,1,12,1,12,1,12,1,
        12,3,12,253,8,12,1,12,1,12,1,12,1,12,3,12,259,8,12,1,12,1,12,1,12,
        1,12,1,12,1,12,4,12,267,8,12,11,12,12,12,268,1,12,1,12,3,12,273,
        8,12,1,12,1,12,1,12,1,12,1,12,1,12,1,12,5,12,282,8,12,10,12,12,12,
        285,9,12,1,12,1,12,1,12,1,12,1,12,1,12,3,12,293,8,12,3,12,295,8,
        12,1,12,1,12,1,12,1,12,1,12,1,12,5,12,303,8,12,10,12,12,12,306,9,
        12,3,12,308,8,12,1,12,1,12,1,12,1,12,1,12,3,12,315,8,12,1,13,1,13,
        1,13,1,13,1,13,5,13,322,8,13,10,13,12,13,325,9,13,3,13,327,8,13,
        1,13,1,13,1,14,1,14,1,14,1,14,1,15,1,15,1,15,1,15,1,15,3,15,340,
        8,15,1,16,1,16,1,16,3,16,345,8,16,1,16,1,16,1,16,1,16,5,16,351,8,
        16,10,16,12,16,354,9,16,3,16,356,8,16,1,17,1,17,1,17,1,17,1,17,1,
        17,1,17,1,17,3,17,366,8,17,1,18,1,18,1,18,1,18,1,18,1,18,3,18,374,
        8,18,1,19,1,19,1,19,5,19,379,8,19,10,19,12,19,382,9,19,1,19,0,1,
        22,20,0,2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,32,34,36,38,0,6,
        3,0,14,15,50,50,54,54,3,0,16,17,45,47,51,51,4,0,14,15,48,49,52,53,
        55,56,1,0,18,19,1,0,20,27,1,0,33,34,435,0,43,1,0,0,0,2,48,1,0,0,
        0,4,62,1,0,0,0,6,77,1,0,0,0,8,153,1,0,0,0,10,155,1,0,0,0,12,165,
        1,0,0,0,14,180,1,0,0,0,16,188,1,0,0,0,18,202,1,0,0,0,20,210,1,0,
        0,0,22,218,1,0,0,0,24,314,1,0,0,0,26,316,1,0,0,0,28,330,1,0,0,0,
        30,339,1,0,0,0,32,341,1,0,0,0,34,365,1,0,0,0,36,373,1,0,0,0,38,375,
        1,0,0,0,40,42,3,2,1,0,41,40,1,0,0,0,42,45,1,0,0,0,43,41,1,0,0,0,
        43,44,1,0,0,0,44,46,1,0,0,0,45,43,1,0,0,0,46,47,5,0,0,1,47,1,1,0,
        0,0,48,49,5,36,0,0,49,50,5,59,0,0,50,51,5,1,0,0,51,56,3,4,2,0,52,
        53,5,2,0,0,53,55,3,4,2,0,54,52,1,0,0,0,55,58,1,0,0,0,56,54,1,0,0,
        0,56,57,1,0,0,0,57,59,1,0,0,0,58,56,1,0,0,0,59,60,5,3,0,0,60,61,
        3,6,3,0,61,3,1,0,0,0,62,75,5,60,0,0,63,72,5,1,0,0,64,69,5,60,0,0,
        65,66,5,2,0,0,66,68,5,60,0,0,67,65,1,0,0,0,68,71,1,0,0,0,69,67,1,
        0,0,0,69,70,1,0,0,0,70,73,1,0,0,0,71,69,1,0,0,0,72,64,1,0,0,0,72,
        73,1,0,0,0,73,74,1,0,0,0,74,76,5,3,0,0,75,63,1,0,0,0,75,76,1,0,0,
        0,76,5,1,0,0,0,77,81,5,4,0,0,78,80,3,8,4,0,79,78,1,0,0,0,80,83,1,
        0,0,0,81,79,1,0,0,0,81,82,1,0,0,0,82,84,1,0,0,0,83,81,1,0,0,0,84,
        85,5,5,0,0,85,7,1,0,0,0,86,87,3,20,10,0,87,88,5,6,0,0,88,91,3,20,
        10,0,89,90,5,44,0,0,90,92,5,62,0,0,91,89,1,0,0,0,91,92,1,0,0,0,92,
        93,1,0,0,0,93,94,5,7,0,0,94,154,1,0,0,0,95,96,5,60,0,0,96,97,5,8,
        0,0,97,98,5,59,0,0,98,99,5,9,0,0,99,100,5,6,0,0,100,101,5,60,0,0,
        101,154,5,7,0,0,102,103,3,20,10,0,103,104,5,10,0,0,104,105,3,22,
        11,0,105,106,5,7,0,0,106,154,1,0,0,0,107,112,3,20,10,0,108,109,5,
        2,0,0,109,111,3,20,10,0,110,108,1,0,0,0,111,114,1,0,0,0,112,110,
        1,0,0,0,112,113,1,0,0,0,113,115,1,0,0,0,114,112,1,0,0,0,115,116,
        5,10,0,0,116,117,3,16,8,0,117,118,5,7,0,0,118,154,1,0,0,0,119,120,
        3,16,8,0,120,121,5,7,0,0,121,154,1,0,0,0,122,123,3,20,10,0,123,124,
        5,7,0,0,124,154,1,0,0,0,125,154,3,10,5,0,126,127,5,39,0,0,127,128,
        3,20,10,0,128,130,5,4,0,0,129,131,3,12,6,0,130,129,1,0,0,0,131,132,
        1,0,0,0,132,130,1,0,0,0,132,133,1,0,0,0,133,134,1,0,0,0,134,135,
        5,5,0,0,135,154,1,0,0,0,136,145,5,41,0,0,137,142,3,20,10,0,138,139,
        5,2,0,0,139,141,3,20,10,0,140,138,1,0,0,0,141,144,1,0,0,0,142,140,
        1,0,0,0,142,143,1,0,0,0,143,146,1,0,0,0,144,142,1,0,0,0,145,137,
        1,0,0,0,145,146,1,0,0,0,146,147,1,0,0,0,147,154,5,7,0,0,148,149,
        5,42,0,0,149,150,3,6,3,0,150,151,5,43,0,0,151,152,3,6,3,0,152,154,
        1,0,0,0,153,86,1,0,0,0,153,95,1,0,0,0,153,102,1,0,0,0,153,107,1,
        0,0,0,153,119,1,0,0,0,153,122,1,0,0,0,153,125,1,0,0,0,153,126,1,
        0,0,0,153,136,1,0,0,0,153,148,1,0,0,0,154,9,1,0,0,0,155,156,5,37,
        0,0,156,157,3,20,10,0,157,163,3,6,3,0,158,161,5,38,0,0,159,162,3,
        6,3,0,160,162,3,10,5,0,161,159,1,0,0,0,161,160,1,0,0,0,162,164,1,
        0,0,0,163,158,1,0,0,0,163,164,1,0,0,0,164,11,1,0,0,0,165,175,3,22,
        11,0,166,167,5,40,0,0,167,172,3,14,7,0,168,169,5,7,0,0,169,171,3,
        14,7,0,170,168,1,0,0,0,171,174,1,0,0,0,172,170,1,0,0,0,172,173,1,
        0,0,0,173,176,1,0,0,0,174,172,1,0,0,0,175,166,1,0,0,0,175,176,1,
        0,0,0,176,177,1,0,0,0,177,178,5,11,0,0,178,179,3,6,3,0,179,13,1,
        0,0,0,180,185,3,22,11,0,181,182,5,2,0,0,182,184,3,22,11,0,183,181,
        1,0,0,0,184,187,1,0,0,0,185,183,1,0,0,0,185,186,1,0,0,0,186,15,1,
        0,0,0,187,185,1,0,0,0,188,189,5,59,0,0,189,198,5,1,0,0,190,195,3,
        18,9,0,191,192,5,2,0,0,192,194,3,18,9,0,193,191,1,0,0,0,194,197,
        1,0,0,0,195,193,1,0,0,0,195,196,1,0,0,0,196,199,1,0,0,0,197,195,
        1,0,0,0,198,190,1,0,0,0,198,199,1,0,0,0,199,200,1,0,0,0,200,201,
        5,3,0,0,201,17,1,0,0,0,202,208,5,60,0,0,203,205,5,1,0,0,204,206,
        3,38,19,0,205,204,1,0,0,0,205,206,1,0,0,0,206,207,1,0,0,0,207,209,
        5,3,0,0,208,203,1,0,0,0,208,209,1,0,0,0,209,19,1,0,0,0,210,211,5,
        60,0,0,211,212,5,12,0,0,212,213,3,24,12,0,213,21,1,0,0,0,214,215,
        6,11,-1,0,215,216,7,0,0,0,216,219,3,22,11,8,217,219,3,24,12,0,218,
        214,1,0,0,0,218,217,1,0,0,0,219,243,1,0,0,0,220,221,10,7,0,0,221,
        222,7,1,0,0,222,242,3,22,11,8,223,224,10,6,0,0,224,225,7,2,0,0,225,
        242,3,22,11,7,226,227,10,5,0,0,227,228,7,3,0,0,228,242,3,22,11,5,
        229,230,10,4,0,0,230,231,7,4,0,0,231,242,3,22,11,5,232,233,10,3,
        0,0,233,234,5,57,0,0,234,242,3,22,11,4,235,236,10,2,0,0,236,237,
        5,58,0,0,237,242,3,22,11,3,238,239,10,9,0,0,239,240,5,13,0,0,240,
        242,3,26,13,0,241,220,1,0,0,0,241,223,1,0,0,0,241,226,1,0,0,0,241,
        229,1,0,0,0,241,232,1,0,0,0,241,235,1,0,0,0,241,238,1,0,0,0,242,
        245,1,0,0,0,243,241,1,0,0,0,243,244,1,0,0,0,244,23,1,0,0,0,245,243,
        1,0,0,0,246,315,5,60,0,0,247,248,5,59,0,0,248,249,5,28,0,0,249,250,
        5,59,0,0,250,252,5,1,0,0,251,253,3,38,19,0,252,251,1,0,0,0,252,253,
        1,0,0,0,253,254,1,0,0,0,254,315,5,3,0,0,255,256,5,59,0,0,256,258,
        5,1,0,0,257,259,3,38,19,0,258,257,1,0,0,0,258,259,1,0,0,0,259,260,
        1,0,0,0,260,315,5,3,0,0,261,315,5,59,0,0,262,315,5,62,0,0,263,315,
        5,61,0,0,264,315,5,63,0,0,265,267,5,64,0,0,266,265,1,0,0,0,267,268,
        1,0,0,0,268,266,1,0,0,0,268,269,1,0,0,0,269,315,1,0,0,0,270,272,
        5,4,0,0,271,273,3,38,19,0,272,271,1,0,0,0,272,273,1,0,0,0,273,274,
        1,0,0,0,274,315,5,5,0,0,275,276,5,8,0,0,276,277,3,22,11,0,277,278,
        5,29,0,0,278,283,3,30,15,0,279,280,5,2,0,0,280,282,3,30,15,0,281,
        279,1,0,0,0,282,285,1,0,0,0,283,281,1,0,0,0,283,284,1,0,0,0,284,
        286,1,0,0,0,285,283,1,0,0,0,286,287,5,9,0,0,287,315,1,0,0,0,288,
        294,5,8,0,0,289,292,3,38,19,0,290,291,5,30,0,0,291,293,3,22,11,0,
        292,290,1,0,0,0,292,293,1,0,0,0,293,295,1,0,0,0,294,289,1,0,0,0,
        294,295,1,0,0,0,295,296,1,0,0,0,296,315,5,9,0,0,297,315,3,26,13,
        0,298,307,5,31,0,0,299,304,3,32,16,0,300,301,5,2,0,0,301,303,3,32,
        16,0,302,300,1,0,0,0,303,306,1,0,0,0,304,302,1,0,0,0,304,305,1,0,
        0,0,305,308,1,0,0,0,306,304,1,0,0,0,307,299,1,0,0,0,307,308,1,0,
        0,0,308,309,1,0,0,0,309,315,5,32,0,0,310,311,5,1,0,0,311,312,3,22,
        11,0,312,313,5,3,0,0,313,315,1,0,0,0,314,246,1,0,0,0,314,247,1,0,
        0,0,314,255,1,0,0,0,314,261,1,0,0,0,314,262,1,0,0,0,314,263,1,0,
        0,0,314,264,1,0,0,0,314,266,1,0,0,0,314,270,1,0,0,0,314,275,1,0,
        0,0,314,288,1,0,0,0,314,297,1,0,0,0,314,298,1,0,0,0,314,310,1,0,
        0,0,315,25,1,0,0,0,316,317,5,13,0,0,317,326,5,4,0,0,318,323,3,28,
        14,0,319,320,5,2,0,0,320,322,3,28,14,0,321,319,1,0,0,0,322,325,1,
        0,0,0,323,321,1,0,0,0,323,324,1,0,0,0,324,327,1,0,0,0,325,323,1,
        0,0,0,326,318,1,0,0,0,326,327,1,0,0,0,327,328,1,0,0,0,328,329,5,
        5,0,0,329,27,1,0,0,0,330,331,3,22,11,0,331,332,7,5,0,0,332,333,3,
        22,11,0,333,29,1,0,0,0,334,335,3,22,11,0,335,336,5,35,0,0,336,337,
        3,22,11,0,337,340,1,0,0,0,338,340,3,22,11,0,339,334,1,0,0,0,339,
        338,1,0,0,0,340,31,1,0,0,0,341,344,3,34,17,0,342,343,5,28,0,0,343,
        345,3,36,18,0,344,342,1,0,0,0,344,345,1,0,0,0,345,355,1,0,0,0,346,
        347,5,17,0,0,347,352,5,59,0,0,348,349,5,15,0,0,349,351,5,59,0,0,
        350,348,1,0,0,0,351,354,1,0,0,0,352,350,1,0,0,0,352,353,1,0,0,0,
        353,356,1,0,0,0,354,352,1,0,0,0,355,346,1,0,0,0,355,356,1,0,0,0,
        356,33,1,0,0,0,357,366,5,62,0,0,358,366,5,64,0,0,359,366,5,60,0,
        0,360,366,5,63,0,0,361,362,5,1,0,0,362,363,3,22,11,0,363,364,5,3,
        0,0,364,366,1,0,0,0,365,357,1,0,0,0,365,358,1,0,0,0,365,359,1,0,
        0,0,365,360,1,0,0,0,365,361,1,0,0,0,366,35,1,0,0,0,367,374,5,62,
        0,0,368,374,5,60,0,0,369,370,5,1,0,0,370,371,3,22,11,0,371,372,5,
        3,0,0,372,374,1,0,0,0,373,367,1,0,0,0,373,368,1,0,0,0,373,369,1,
        0,0,0,374,37,1,0,0,0,375,380,3,22,11,0,376,377,5,2,0,0,377,379,3,
        22,11,0,378,376,1,0,0,0,379,382,1,0,0,0,380,378,1,0,0,0,380,381,
        1,0,0,0,381,39,1,0,0,0,382,380,1,0,0,0,43,43,56,69,72,75,81,91,112,
        132,142,145,153,161,163,172,175,185,195,198,205,208,218,241,243,
        252,258,268,272,283,292,294,304,307,314,323,326,339,344,352,355,
        365,373,380
    ]

class ChoreoParser ( Parser ):

    grammarFileName = "Choreo.g4"

    atn = ATNDeserializer().deserialize(serializedATN())

    decisionsToDFA = [ DFA(ds, i) for i, ds in enumerate(atn.decisionToState) ]

    sharedContextCache = PredictionContextCache()

    literalNames = [ "<INVALID>", "'('", "','", "')'", "'{'", "'}'", "'~>'", 
                     "';'", "'['", "']'", "'='", "'->'", "'.'", "'#'", "'+'", 
                     "'-'", "'*'", "'/'", "'++'", "'--'", "'=='", "'/='", 
                     "'=<'", "'<'", "'>='", "'>'", "'=:='", "'=/='", "':'", 
                     "'||'", "'|'", "'<<'", "'>>'", "'=>'", "':='", "'<-'", 
                     "'choreography'", "'if'", "'else'", "'case'", "'when'", 
                     "'return'", "'checkpoint'", "'rescue'", "'within'", 
                     "'div'", "'rem'", "'and'", "'or'", "'xor'", "'not'", 
                     "'band'", "'bor'", "'bxor'", "'bnot'", "'bsl'", "'bsr'", 
                     "'andalso'", "'orelse'" ]

    symbolicNames = [ "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                      "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                      "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                      "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                      "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                      "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                      "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                      "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                      "<INVALID>", "<INVALID>", "<INVALID>", "<INVALID>", 
                      "CHOREOGRAPHY", "IF", "ELSE", "CASE", "WHEN", "RETURN", 
                      "CHECKPOINT", "RESCUE", "WITHIN", "DIV", "REM", "AND", 
                      "OR", "XOR", "NOT", "BAND", "BOR", "BXOR", "BNOT", 
                      "BSL", "BSR", "ANDALSO", "ORELSE", "ATOM", "VAR", 
                      "FLOAT", "INT", "CHAR", "STRING", "COMMENT", "WS", 
                      "ERROR_CHAR" ]

    RULE_program = 0
    RULE_choreography = 1
    RULE_roleDecl = 2
    RULE_block = 3
    RULE_statement = 4
    RULE_ifStmt = 5
    RULE_caseClause = 6
    RULE_guard = 7
    RULE_chorCall = 8
    RULE_callArg = 9
    RULE_located = 10
    RULE_expr = 11
    RULE_primary = 12
    RULE_mapLiteral = 13
    RULE_mapField = 14
    RULE_qualifier = 15
    RULE_binElem = 16
    RULE_binValue = 17
    RULE_binSize = 18
    RULE_exprList = 19

    ruleNames =  [ "program", "choreography", "roleDecl", "block", "statement", 
                   "ifStmt", "caseClause", "guard", "chorCall", "callArg", 
                   "located", "expr", "primary", "mapLiteral", "mapField", 
                   "qualifier", "binElem", "binValue", "binSize", "exprList" ]

    EOF = Token.EOF
    T__0=1
    T__1=2
    T__2=3
    T__3=4
    T__4=5
    T__5=6
    T__6=7
    T__7=8
    T__8=9
    T__9=10
    T__10=11
    T__11=12
    T__12=13
    T__13=14
    T__14=15
    T__15=16
    T__16=17
    T__17=18
    T__18=19
    T__19=20
    T__20=21
    T__21=22
    T__22=23
    T__23=24
    T__24=25
    T__25=26
    T__26=27
    T__27=28
    T__28=29
    T__29=30
    T__30=31
    T__31=32
    T__32=33
    T__33=34
    T__34=35
    CHOREOGRAPHY=36
    IF=37
    ELSE=38
    CASE=39
    WHEN=40
    RETURN=41
    CHECKPOINT=42
    RESCUE=43
    WITHIN=44
    DIV=45
    REM=46
    AND=47
    OR=48
    XOR=49
    NOT=50
    BAND=51
    BOR=52
    BXOR=53
    BNOT=54
    BSL=55
    BSR=56
    ANDALSO=57
    ORELSE=58
    ATOM=59
    VAR=60
    FLOAT=61
    INT=62
    CHAR=63
    STRING=64
    COMMENT=65
    WS=66
    ERROR_CHAR=67

    def __init__(self, input:TokenStream, output:TextIO = sys.stdout):
        super().__init__(input, output)
        self.checkVersion("4.13.2")
        self._interp = ParserATNSimulator(self, self.atn, self.decisionsToDFA, self.sharedContextCache)
        self._predicates = None




    class ProgramContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def EOF(self):
            return self.getToken(ChoreoParser.EOF, 0)

        def choreography(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.ChoreographyContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.ChoreographyContext,i)


        def getRuleIndex(self):
            return ChoreoParser.RULE_program

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitProgram" ):
                return visitor.visitProgram(self)
            else:
                return visitor.visitChildren(self)




    def program(self):

        localctx = ChoreoParser.ProgramContext(self, self._ctx, self.state)
        self.enterRule(localctx, 0, self.RULE_program)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 43
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            while _la==36:
                self.state = 40
                self.choreography()
                self.state = 45
                self._errHandler.sync(self)
                _la = self._input.LA(1)

            self.state = 46
            self.match(ChoreoParser.EOF)
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class ChoreographyContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def CHOREOGRAPHY(self):
            return self.getToken(ChoreoParser.CHOREOGRAPHY, 0)

        def ATOM(self):
            return self.getToken(ChoreoParser.ATOM, 0)

        def roleDecl(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.RoleDeclContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.RoleDeclContext,i)


        def block(self):
            return self.getTypedRuleContext(ChoreoParser.BlockContext,0)


        def getRuleIndex(self):
            return ChoreoParser.RULE_choreography

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitChoreography" ):
                return visitor.visitChoreography(self)
            else:
                return visitor.visitChildren(self)




    def choreography(self):

        localctx = ChoreoParser.ChoreographyContext(self, self._ctx, self.state)
        self.enterRule(localctx, 2, self.RULE_choreography)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 48
            self.match(ChoreoParser.CHOREOGRAPHY)
            self.state = 49
            self.match(ChoreoParser.ATOM)
            self.state = 50
            self.match(ChoreoParser.T__0)
            self.state = 51
            self.roleDecl()
            self.state = 56
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            while _la==2:
                self.state = 52
                self.match(ChoreoParser.T__1)
                self.state = 53
                self.roleDecl()
                self.state = 58
                self._errHandler.sync(self)
                _la = self._input.LA(1)

            self.state = 59
            self.match(ChoreoParser.T__2)
            self.state = 60
            self.block()
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class RoleDeclContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def VAR(self, i:int=None):
            if i is None:
                return self.getTokens(ChoreoParser.VAR)
            else:
                return self.getToken(ChoreoParser.VAR, i)

        def getRuleIndex(self):
            return ChoreoParser.RULE_roleDecl

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitRoleDecl" ):
                return visitor.visitRoleDecl(self)
            else:
                return visitor.visitChildren(self)




    def roleDecl(self):

        localctx = ChoreoParser.RoleDeclContext(self, self._ctx, self.state)
        self.enterRule(localctx, 4, self.RULE_roleDecl)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 62
            self.match(ChoreoParser.VAR)
            self.state = 75
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if _la==1:
                self.state = 63
                self.match(ChoreoParser.T__0)
                self.state = 72
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if _la==60:
                    self.state = 64
                    self.match(ChoreoParser.VAR)
                    self.state = 69
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)
                    while _la==2:
                        self.state = 65
                        self.match(ChoreoParser.T__1)
                        self.state = 66
                        self.match(ChoreoParser.VAR)
                        self.state = 71
                        self._errHandler.sync(self)
                        _la = self._input.LA(1)



                self.state = 74
                self.match(ChoreoParser.T__2)


        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class BlockContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def statement(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.StatementContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.StatementContext,i)


        def getRuleIndex(self):
            return ChoreoParser.RULE_block

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitBlock" ):
                return visitor.visitBlock(self)
            else:
                return visitor.visitChildren(self)




    def block(self):

        localctx = ChoreoParser.BlockContext(self, self._ctx, self.state)
        self.enterRule(localctx, 6, self.RULE_block)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 77
            self.match(ChoreoParser.T__3)
            self.state = 81
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            while (((_la) & ~0x3f) == 0 and ((1 << _la) & 1729389541174804480) != 0):
                self.state = 78
                self.statement()
                self.state = 83
                self._errHandler.sync(self)
                _la = self._input.LA(1)

            self.state = 84
            self.match(ChoreoParser.T__4)
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class StatementContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser


        def getRuleIndex(self):
            return ChoreoParser.RULE_statement

     
        def copyFrom(self, ctx:ParserRuleContext):
            super().copyFrom(ctx)



    class CallResultStmtContext(StatementContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.StatementContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def located(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.LocatedContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.LocatedContext,i)

        def chorCall(self):
            return self.getTypedRuleContext(ChoreoParser.ChorCallContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitCallResultStmt" ):
                return visitor.visitCallResultStmt(self)
            else:
                return visitor.visitChildren(self)


    class CallStmtContext(StatementContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.StatementContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def chorCall(self):
            return self.getTypedRuleContext(ChoreoParser.ChorCallContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitCallStmt" ):
                return visitor.visitCallStmt(self)
            else:
                return visitor.visitChildren(self)


    class AssignStmtContext(StatementContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.StatementContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def located(self):
            return self.getTypedRuleContext(ChoreoParser.LocatedContext,0)

        def expr(self):
            return self.getTypedRuleContext(ChoreoParser.ExprContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitAssignStmt" ):
                return visitor.visitAssignStmt(self)
            else:
                return visitor.visitChildren(self)


    class CheckpointStmtContext(StatementContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.StatementContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def CHECKPOINT(self):
            return self.getToken(ChoreoParser.CHECKPOINT, 0)
        def block(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.BlockContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.BlockContext,i)

        def RESCUE(self):
            return self.getToken(ChoreoParser.RESCUE, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitCheckpointStmt" ):
                return visitor.visitCheckpointStmt(self)
            else:
                return visitor.visitChildren(self)


    class CommStmtContext(StatementContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.StatementContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def located(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.LocatedContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.LocatedContext,i)

        def WITHIN(self):
            return self.getToken(ChoreoParser.WITHIN, 0)
        def INT(self):
            return self.getToken(ChoreoParser.INT, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitCommStmt" ):
                return visitor.visitCommStmt(self)
            else:
                return visitor.visitChildren(self)


    class IfStatementContext(StatementContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.StatementContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def ifStmt(self):
            return self.getTypedRuleContext(ChoreoParser.IfStmtContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitIfStatement" ):
                return visitor.visitIfStatement(self)
            else:
                return visitor.visitChildren(self)


    class ReturnStmtContext(StatementContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.StatementContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def RETURN(self):
            return self.getToken(ChoreoParser.RETURN, 0)
        def located(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.LocatedContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.LocatedContext,i)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitReturnStmt" ):
                return visitor.visitReturnStmt(self)
            else:
                return visitor.visitChildren(self)


    class CaseStmtContext(StatementContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.StatementContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def CASE(self):
            return self.getToken(ChoreoParser.CASE, 0)
        def located(self):
            return self.getTypedRuleContext(ChoreoParser.LocatedContext,0)

        def caseClause(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.CaseClauseContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.CaseClauseContext,i)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitCaseStmt" ):
                return visitor.visitCaseStmt(self)
            else:
                return visitor.visitChildren(self)


    class ActionStmtContext(StatementContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.StatementContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def located(self):
            return self.getTypedRuleContext(ChoreoParser.LocatedContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitActionStmt" ):
                return visitor.visitActionStmt(self)
            else:
                return visitor.visitChildren(self)


    class SelectStmtContext(StatementContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.StatementContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def VAR(self, i:int=None):
            if i is None:
                return self.getTokens(ChoreoParser.VAR)
            else:
                return self.getToken(ChoreoParser.VAR, i)
        def ATOM(self):
            return self.getToken(ChoreoParser.ATOM, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitSelectStmt" ):
                return visitor.visitSelectStmt(self)
            else:
                return visitor.visitChildren(self)



    def statement(self):

        localctx = ChoreoParser.StatementContext(self, self._ctx, self.state)
        self.enterRule(localctx, 8, self.RULE_statement)
        self._la = 0 # Token type
        try:
            self.state = 153
            self._errHandler.sync(self)
            la_ = self._interp.adaptivePredict(self._input,11,self._ctx)
            if la_ == 1:
                localctx = ChoreoParser.CommStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 1)
                self.state = 86
                self.located()
                self.state = 87
                self.match(ChoreoParser.T__5)
                self.state = 88
                self.located()
                self.state = 91
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if _la==44:
                    self.state = 89
                    self.match(ChoreoParser.WITHIN)
                    self.state = 90
                    self.match(ChoreoParser.INT)


                self.state = 93
                self.match(ChoreoParser.T__6)
                pass

            elif la_ == 2:
                localctx = ChoreoParser.SelectStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 2)
                self.state = 95
                self.match(ChoreoParser.VAR)
                self.state = 96
                self.match(ChoreoParser.T__7)
                self.state = 97
                self.match(ChoreoParser.ATOM)
                self.state = 98
                self.match(ChoreoParser.T__8)
                self.state = 99
                self.match(ChoreoParser.T__5)
                self.state = 100
                self.match(ChoreoParser.VAR)
                self.state = 101
                self.match(ChoreoParser.T__6)
                pass

            elif la_ == 3:
                localctx = ChoreoParser.AssignStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 3)
                self.state = 102
                self.located()
                self.state = 103
                self.match(ChoreoParser.T__9)
                self.state = 104
                self.expr(0)
                self.state = 105
                self.match(ChoreoParser.T__6)
                pass

            elif la_ == 4:
                localctx = ChoreoParser.CallResultStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 4)
                self.state = 107
                self.located()
                self.state = 112
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==2:
                    self.state = 108
                    self.match(ChoreoParser.T__1)
                    self.state = 109
                    self.located()
                    self.state = 114
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)

                self.state = 115
                self.match(ChoreoParser.T__9)
                self.state = 116
                self.chorCall()
                self.state = 117
                self.match(ChoreoParser.T__6)
                pass

            elif la_ == 5:
                localctx = ChoreoParser.CallStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 5)
                self.state = 119
                self.chorCall()
                self.state = 120
                self.match(ChoreoParser.T__6)
                pass

            elif la_ == 6:
                localctx = ChoreoParser.ActionStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 6)
                self.state = 122
                self.located()
                self.state = 123
                self.match(ChoreoParser.T__6)
                pass

            elif la_ == 7:
                localctx = ChoreoParser.IfStatementContext(self, localctx)
                self.enterOuterAlt(localctx, 7)
                self.state = 125
                self.ifStmt()
                pass

            elif la_ == 8:
                localctx = ChoreoParser.CaseStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 8)
                self.state = 126
                self.match(ChoreoParser.CASE)
                self.state = 127
                self.located()
                self.state = 128
                self.match(ChoreoParser.T__3)
                self.state = 130 
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while True:
                    self.state = 129
                    self.caseClause()
                    self.state = 132 
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)
                    if not (((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -278660225869778807) != 0)):
                        break

                self.state = 134
                self.match(ChoreoParser.T__4)
                pass

            elif la_ == 9:
                localctx = ChoreoParser.ReturnStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 9)
                self.state = 136
                self.match(ChoreoParser.RETURN)
                self.state = 145
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if _la==60:
                    self.state = 137
                    self.located()
                    self.state = 142
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)
                    while _la==2:
                        self.state = 138
                        self.match(ChoreoParser.T__1)
                        self.state = 139
                        self.located()
                        self.state = 144
                        self._errHandler.sync(self)
                        _la = self._input.LA(1)



                self.state = 147
                self.match(ChoreoParser.T__6)
                pass

            elif la_ == 10:
                localctx = ChoreoParser.CheckpointStmtContext(self, localctx)
                self.enterOuterAlt(localctx, 10)
                self.state = 148
                self.match(ChoreoParser.CHECKPOINT)
                self.state = 149
                self.block()
                self.state = 150
                self.match(ChoreoParser.RESCUE)
                self.state = 151
                self.block()
                pass


        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class IfStmtContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def IF(self):
            return self.getToken(ChoreoParser.IF, 0)

        def located(self):
            return self.getTypedRuleContext(ChoreoParser.LocatedContext,0)


        def block(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.BlockContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.BlockContext,i)


        def ELSE(self):
            return self.getToken(ChoreoParser.ELSE, 0)

        def ifStmt(self):
            return self.getTypedRuleContext(ChoreoParser.IfStmtContext,0)


        def getRuleIndex(self):
            return ChoreoParser.RULE_ifStmt

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitIfStmt" ):
                return visitor.visitIfStmt(self)
            else:
                return visitor.visitChildren(self)




    def ifStmt(self):

        localctx = ChoreoParser.IfStmtContext(self, self._ctx, self.state)
        self.enterRule(localctx, 10, self.RULE_ifStmt)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 155
            self.match(ChoreoParser.IF)
            self.state = 156
            self.located()
            self.state = 157
            self.block()
            self.state = 163
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if _la==38:
                self.state = 158
                self.match(ChoreoParser.ELSE)
                self.state = 161
                self._errHandler.sync(self)
                token = self._input.LA(1)
                if token in [4]:
                    self.state = 159
                    self.block()
                    pass
                elif token in [37]:
                    self.state = 160
                    self.ifStmt()
                    pass
                else:
                    raise NoViableAltException(self)



        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class CaseClauseContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def expr(self):
            return self.getTypedRuleContext(ChoreoParser.ExprContext,0)


        def block(self):
            return self.getTypedRuleContext(ChoreoParser.BlockContext,0)


        def WHEN(self):
            return self.getToken(ChoreoParser.WHEN, 0)

        def guard(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.GuardContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.GuardContext,i)


        def getRuleIndex(self):
            return ChoreoParser.RULE_caseClause

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitCaseClause" ):
                return visitor.visitCaseClause(self)
            else:
                return visitor.visitChildren(self)




    def caseClause(self):

        localctx = ChoreoParser.CaseClauseContext(self, self._ctx, self.state)
        self.enterRule(localctx, 12, self.RULE_caseClause)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 165
            self.expr(0)
            self.state = 175
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if _la==40:
                self.state = 166
                self.match(ChoreoParser.WHEN)
                self.state = 167
                self.guard()
                self.state = 172
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==7:
                    self.state = 168
                    self.match(ChoreoParser.T__6)
                    self.state = 169
                    self.guard()
                    self.state = 174
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)



            self.state = 177
            self.match(ChoreoParser.T__10)
            self.state = 178
            self.block()
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class GuardContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def expr(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.ExprContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.ExprContext,i)


        def getRuleIndex(self):
            return ChoreoParser.RULE_guard

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitGuard" ):
                return visitor.visitGuard(self)
            else:
                return visitor.visitChildren(self)




    def guard(self):

        localctx = ChoreoParser.GuardContext(self, self._ctx, self.state)
        self.enterRule(localctx, 14, self.RULE_guard)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 180
            self.expr(0)
            self.state = 185
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            while _la==2:
                self.state = 181
                self.match(ChoreoParser.T__1)
                self.state = 182
                self.expr(0)
                self.state = 187
                self._errHandler.sync(self)
                _la = self._input.LA(1)

        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class ChorCallContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def ATOM(self):
            return self.getToken(ChoreoParser.ATOM, 0)

        def callArg(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.CallArgContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.CallArgContext,i)


        def getRuleIndex(self):
            return ChoreoParser.RULE_chorCall

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitChorCall" ):
                return visitor.visitChorCall(self)
            else:
                return visitor.visitChildren(self)




    def chorCall(self):

        localctx = ChoreoParser.ChorCallContext(self, self._ctx, self.state)
        self.enterRule(localctx, 16, self.RULE_chorCall)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 188
            self.match(ChoreoParser.ATOM)
            self.state = 189
            self.match(ChoreoParser.T__0)
            self.state = 198
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if _la==60:
                self.state = 190
                self.callArg()
                self.state = 195
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==2:
                    self.state = 191
                    self.match(ChoreoParser.T__1)
                    self.state = 192
                    self.callArg()
                    self.state = 197
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)



            self.state = 200
            self.match(ChoreoParser.T__2)
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class CallArgContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def VAR(self):
            return self.getToken(ChoreoParser.VAR, 0)

        def exprList(self):
            return self.getTypedRuleContext(ChoreoParser.ExprListContext,0)


        def getRuleIndex(self):
            return ChoreoParser.RULE_callArg

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitCallArg" ):
                return visitor.visitCallArg(self)
            else:
                return visitor.visitChildren(self)




    def callArg(self):

        localctx = ChoreoParser.CallArgContext(self, self._ctx, self.state)
        self.enterRule(localctx, 18, self.RULE_callArg)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 202
            self.match(ChoreoParser.VAR)
            self.state = 208
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if _la==1:
                self.state = 203
                self.match(ChoreoParser.T__0)
                self.state = 205
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if ((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -278660225869778807) != 0):
                    self.state = 204
                    self.exprList()


                self.state = 207
                self.match(ChoreoParser.T__2)


        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class LocatedContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def VAR(self):
            return self.getToken(ChoreoParser.VAR, 0)

        def primary(self):
            return self.getTypedRuleContext(ChoreoParser.PrimaryContext,0)


        def getRuleIndex(self):
            return ChoreoParser.RULE_located

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitLocated" ):
                return visitor.visitLocated(self)
            else:
                return visitor.visitChildren(self)




    def located(self):

        localctx = ChoreoParser.LocatedContext(self, self._ctx, self.state)
        self.enterRule(localctx, 20, self.RULE_located)
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 210
            self.match(ChoreoParser.VAR)
            self.state = 211
            self.match(ChoreoParser.T__11)
            self.state = 212
            self.primary()
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class ExprContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser


        def getRuleIndex(self):
            return ChoreoParser.RULE_expr

     
        def copyFrom(self, ctx:ParserRuleContext):
            super().copyFrom(ctx)


    class MapUpdateContext(ExprContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.ExprContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def expr(self):
            return self.getTypedRuleContext(ChoreoParser.ExprContext,0)

        def mapLiteral(self):
            return self.getTypedRuleContext(ChoreoParser.MapLiteralContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitMapUpdate" ):
                return visitor.visitMapUpdate(self)
            else:
                return visitor.visitChildren(self)


    class UnaryExprContext(ExprContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.ExprContext
            super().__init__(parser)
            self.op = None # Token
            self.copyFrom(ctx)

        def expr(self):
            return self.getTypedRuleContext(ChoreoParser.ExprContext,0)

        def NOT(self):
            return self.getToken(ChoreoParser.NOT, 0)
        def BNOT(self):
            return self.getToken(ChoreoParser.BNOT, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitUnaryExpr" ):
                return visitor.visitUnaryExpr(self)
            else:
                return visitor.visitChildren(self)


    class PrimaryExprContext(ExprContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.ExprContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def primary(self):
            return self.getTypedRuleContext(ChoreoParser.PrimaryContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitPrimaryExpr" ):
                return visitor.visitPrimaryExpr(self)
            else:
                return visitor.visitChildren(self)


    class BinaryExprContext(ExprContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.ExprContext
            super().__init__(parser)
            self.op = None # Token
            self.copyFrom(ctx)

        def expr(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.ExprContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.ExprContext,i)

        def DIV(self):
            return self.getToken(ChoreoParser.DIV, 0)
        def REM(self):
            return self.getToken(ChoreoParser.REM, 0)
        def AND(self):
            return self.getToken(ChoreoParser.AND, 0)
        def BAND(self):
            return self.getToken(ChoreoParser.BAND, 0)
        def OR(self):
            return self.getToken(ChoreoParser.OR, 0)
        def XOR(self):
            return self.getToken(ChoreoParser.XOR, 0)
        def BOR(self):
            return self.getToken(ChoreoParser.BOR, 0)
        def BXOR(self):
            return self.getToken(ChoreoParser.BXOR, 0)
        def BSL(self):
            return self.getToken(ChoreoParser.BSL, 0)
        def BSR(self):
            return self.getToken(ChoreoParser.BSR, 0)
        def ANDALSO(self):
            return self.getToken(ChoreoParser.ANDALSO, 0)
        def ORELSE(self):
            return self.getToken(ChoreoParser.ORELSE, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitBinaryExpr" ):
                return visitor.visitBinaryExpr(self)
            else:
                return visitor.visitChildren(self)



    def expr(self, _p:int=0):
        _parentctx = self._ctx
        _parentState = self.state
        localctx = ChoreoParser.ExprContext(self, self._ctx, _parentState)
        _prevctx = localctx
        _startState = 22
        self.enterRecursionRule(localctx, 22, self.RULE_expr, _p)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 218
            self._errHandler.sync(self)
            token = self._input.LA(1)
            if token in [14, 15, 50, 54]:
                localctx = ChoreoParser.UnaryExprContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx

                self.state = 215
                localctx.op = self._input.LT(1)
                _la = self._input.LA(1)
                if not((((_la) & ~0x3f) == 0 and ((1 << _la) & 19140298416373760) != 0)):
                    localctx.op = self._errHandler.recoverInline(self)
                else:
                    self._errHandler.reportMatch(self)
                    self.consume()
                self.state = 216
                self.expr(8)
                pass
            elif token in [1, 4, 8, 13, 31, 59, 60, 61, 62, 63, 64]:
                localctx = ChoreoParser.PrimaryExprContext(self, localctx)
                self._ctx = localctx
                _prevctx = localctx
                self.state = 217
                self.primary()
                pass
            else:
                raise NoViableAltException(self)

            self._ctx.stop = self._input.LT(-1)
            self.state = 243
            self._errHandler.sync(self)
            _alt = self._interp.adaptivePredict(self._input,23,self._ctx)
            while _alt!=2 and _alt!=ATN.INVALID_ALT_NUMBER:
                if _alt==1:
                    if self._parseListeners is not None:
                        self.triggerExitRuleEvent()
                    _prevctx = localctx
                    self.state = 241
                    self._errHandler.sync(self)
                    la_ = self._interp.adaptivePredict(self._input,22,self._ctx)
                    if la_ == 1:
                        localctx = ChoreoParser.BinaryExprContext(self, ChoreoParser.ExprContext(self, _parentctx, _parentState))
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expr)
                        self.state = 220
                        if not self.precpred(self._ctx, 7):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 7)")
                        self.state = 221
                        localctx.op = self._input.LT(1)
                        _la = self._input.LA(1)
                        if not((((_la) & ~0x3f) == 0 and ((1 << _la) & 2498090418503680) != 0)):
                            localctx.op = self._errHandler.recoverInline(self)
                        else:
                            self._errHandler.reportMatch(self)
                            self.consume()
                        self.state = 222
                        self.expr(8)
                        pass

                    elif la_ == 2:
                        localctx = ChoreoParser.BinaryExprContext(self, ChoreoParser.ExprContext(self, _parentctx, _parentState))
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expr)
                        self.state = 223
                        if not self.precpred(self._ctx, 6):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 6)")
                        self.state = 224
                        localctx.op = self._input.LT(1)
                        _la = self._input.LA(1)
                        if not((((_la) & ~0x3f) == 0 and ((1 << _la) & 122441614869184512) != 0)):
                            localctx.op = self._errHandler.recoverInline(self)
                        else:
                            self._errHandler.reportMatch(self)
                            self.consume()
                        self.state = 225
                        self.expr(7)
                        pass

                    elif la_ == 3:
                        localctx = ChoreoParser.BinaryExprContext(self, ChoreoParser.ExprContext(self, _parentctx, _parentState))
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expr)
                        self.state = 226
                        if not self.precpred(self._ctx, 5):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 5)")
                        self.state = 227
                        localctx.op = self._input.LT(1)
                        _la = self._input.LA(1)
                        if not(_la==18 or _la==19):
                            localctx.op = self._errHandler.recoverInline(self)
                        else:
                            self._errHandler.reportMatch(self)
                            self.consume()
                        self.state = 228
                        self.expr(5)
                        pass

                    elif la_ == 4:
                        localctx = ChoreoParser.BinaryExprContext(self, ChoreoParser.ExprContext(self, _parentctx, _parentState))
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expr)
                        self.state = 229
                        if not self.precpred(self._ctx, 4):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 4)")
                        self.state = 230
                        localctx.op = self._input.LT(1)
                        _la = self._input.LA(1)
                        if not((((_la) & ~0x3f) == 0 and ((1 << _la) & 267386880) != 0)):
                            localctx.op = self._errHandler.recoverInline(self)
                        else:
                            self._errHandler.reportMatch(self)
                            self.consume()
                        self.state = 231
                        self.expr(5)
                        pass

                    elif la_ == 5:
                        localctx = ChoreoParser.BinaryExprContext(self, ChoreoParser.ExprContext(self, _parentctx, _parentState))
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expr)
                        self.state = 232
                        if not self.precpred(self._ctx, 3):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 3)")
                        self.state = 233
                        localctx.op = self.match(ChoreoParser.ANDALSO)
                        self.state = 234
                        self.expr(4)
                        pass

                    elif la_ == 6:
                        localctx = ChoreoParser.BinaryExprContext(self, ChoreoParser.ExprContext(self, _parentctx, _parentState))
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expr)
                        self.state = 235
                        if not self.precpred(self._ctx, 2):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 2)")
                        self.state = 236
                        localctx.op = self.match(ChoreoParser.ORELSE)
                        self.state = 237
                        self.expr(3)
                        pass

                    elif la_ == 7:
                        localctx = ChoreoParser.MapUpdateContext(self, ChoreoParser.ExprContext(self, _parentctx, _parentState))
                        self.pushNewRecursionContext(localctx, _startState, self.RULE_expr)
                        self.state = 238
                        if not self.precpred(self._ctx, 9):
                            from antlr4.error.Errors import FailedPredicateException
                            raise FailedPredicateException(self, "self.precpred(self._ctx, 9)")
                        self.state = 239
                        self.match(ChoreoParser.T__12)
                        self.state = 240
                        self.mapLiteral()
                        pass

             
                self.state = 245
                self._errHandler.sync(self)
                _alt = self._interp.adaptivePredict(self._input,23,self._ctx)

        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.unrollRecursionContexts(_parentctx)
        return localctx


    class PrimaryContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser


        def getRuleIndex(self):
            return ChoreoParser.RULE_primary

     
        def copyFrom(self, ctx:ParserRuleContext):
            super().copyFrom(ctx)



    class CharExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def CHAR(self):
            return self.getToken(ChoreoParser.CHAR, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitCharExpr" ):
                return visitor.visitCharExpr(self)
            else:
                return visitor.visitChildren(self)


    class IntExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def INT(self):
            return self.getToken(ChoreoParser.INT, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitIntExpr" ):
                return visitor.visitIntExpr(self)
            else:
                return visitor.visitChildren(self)


    class AtomExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def ATOM(self):
            return self.getToken(ChoreoParser.ATOM, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitAtomExpr" ):
                return visitor.visitAtomExpr(self)
            else:
                return visitor.visitChildren(self)


    class MapExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def mapLiteral(self):
            return self.getTypedRuleContext(ChoreoParser.MapLiteralContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitMapExpr" ):
                return visitor.visitMapExpr(self)
            else:
                return visitor.visitChildren(self)


    class RemoteCallExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def ATOM(self, i:int=None):
            if i is None:
                return self.getTokens(ChoreoParser.ATOM)
            else:
                return self.getToken(ChoreoParser.ATOM, i)
        def exprList(self):
            return self.getTypedRuleContext(ChoreoParser.ExprListContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitRemoteCallExpr" ):
                return visitor.visitRemoteCallExpr(self)
            else:
                return visitor.visitChildren(self)


    class ParenExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def expr(self):
            return self.getTypedRuleContext(ChoreoParser.ExprContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitParenExpr" ):
                return visitor.visitParenExpr(self)
            else:
                return visitor.visitChildren(self)


    class ListCompExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def expr(self):
            return self.getTypedRuleContext(ChoreoParser.ExprContext,0)

        def qualifier(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.QualifierContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.QualifierContext,i)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitListCompExpr" ):
                return visitor.visitListCompExpr(self)
            else:
                return visitor.visitChildren(self)


    class StringExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def STRING(self, i:int=None):
            if i is None:
                return self.getTokens(ChoreoParser.STRING)
            else:
                return self.getToken(ChoreoParser.STRING, i)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitStringExpr" ):
                return visitor.visitStringExpr(self)
            else:
                return visitor.visitChildren(self)


    class VarExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def VAR(self):
            return self.getToken(ChoreoParser.VAR, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitVarExpr" ):
                return visitor.visitVarExpr(self)
            else:
                return visitor.visitChildren(self)


    class FloatExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def FLOAT(self):
            return self.getToken(ChoreoParser.FLOAT, 0)

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitFloatExpr" ):
                return visitor.visitFloatExpr(self)
            else:
                return visitor.visitChildren(self)


    class BinaryLitContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def binElem(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.BinElemContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.BinElemContext,i)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitBinaryLit" ):
                return visitor.visitBinaryLit(self)
            else:
                return visitor.visitChildren(self)


    class CallExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def ATOM(self):
            return self.getToken(ChoreoParser.ATOM, 0)
        def exprList(self):
            return self.getTypedRuleContext(ChoreoParser.ExprListContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitCallExpr" ):
                return visitor.visitCallExpr(self)
            else:
                return visitor.visitChildren(self)


    class TupleExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def exprList(self):
            return self.getTypedRuleContext(ChoreoParser.ExprListContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitTupleExpr" ):
                return visitor.visitTupleExpr(self)
            else:
                return visitor.visitChildren(self)


    class ListExprContext(PrimaryContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.PrimaryContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def exprList(self):
            return self.getTypedRuleContext(ChoreoParser.ExprListContext,0)

        def expr(self):
            return self.getTypedRuleContext(ChoreoParser.ExprContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitListExpr" ):
                return visitor.visitListExpr(self)
            else:
                return visitor.visitChildren(self)



    def primary(self):

        localctx = ChoreoParser.PrimaryContext(self, self._ctx, self.state)
        self.enterRule(localctx, 24, self.RULE_primary)
        self._la = 0 # Token type
        try:
            self.state = 314
            self._errHandler.sync(self)
            la_ = self._interp.adaptivePredict(self._input,33,self._ctx)
            if la_ == 1:
                localctx = ChoreoParser.VarExprContext(self, localctx)
                self.enterOuterAlt(localctx, 1)
                self.state = 246
                self.match(ChoreoParser.VAR)
                pass

            elif la_ == 2:
                localctx = ChoreoParser.RemoteCallExprContext(self, localctx)
                self.enterOuterAlt(localctx, 2)
                self.state = 247
                self.match(ChoreoParser.ATOM)
                self.state = 248
                self.match(ChoreoParser.T__27)
                self.state = 249
                self.match(ChoreoParser.ATOM)
                self.state = 250
                self.match(ChoreoParser.T__0)
                self.state = 252
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if ((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -278660225869778807) != 0):
                    self.state = 251
                    self.exprList()


                self.state = 254
                self.match(ChoreoParser.T__2)
                pass

            elif la_ == 3:
                localctx = ChoreoParser.CallExprContext(self, localctx)
                self.enterOuterAlt(localctx, 3)
                self.state = 255
                self.match(ChoreoParser.ATOM)
                self.state = 256
                self.match(ChoreoParser.T__0)
                self.state = 258
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if ((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -278660225869778807) != 0):
                    self.state = 257
                    self.exprList()


                self.state = 260
                self.match(ChoreoParser.T__2)
                pass

            elif la_ == 4:
                localctx = ChoreoParser.AtomExprContext(self, localctx)
                self.enterOuterAlt(localctx, 4)
                self.state = 261
                self.match(ChoreoParser.ATOM)
                pass

            elif la_ == 5:
                localctx = ChoreoParser.IntExprContext(self, localctx)
                self.enterOuterAlt(localctx, 5)
                self.state = 262
                self.match(ChoreoParser.INT)
                pass

            elif la_ == 6:
                localctx = ChoreoParser.FloatExprContext(self, localctx)
                self.enterOuterAlt(localctx, 6)
                self.state = 263
                self.match(ChoreoParser.FLOAT)
                pass

            elif la_ == 7:
                localctx = ChoreoParser.CharExprContext(self, localctx)
                self.enterOuterAlt(localctx, 7)
                self.state = 264
                self.match(ChoreoParser.CHAR)
                pass

            elif la_ == 8:
                localctx = ChoreoParser.StringExprContext(self, localctx)
                self.enterOuterAlt(localctx, 8)
                self.state = 266 
                self._errHandler.sync(self)
                _alt = 1
                while _alt!=2 and _alt!=ATN.INVALID_ALT_NUMBER:
                    if _alt == 1:
                        self.state = 265
                        self.match(ChoreoParser.STRING)

                    else:
                        raise NoViableAltException(self)
                    self.state = 268 
                    self._errHandler.sync(self)
                    _alt = self._interp.adaptivePredict(self._input,26,self._ctx)

                pass

            elif la_ == 9:
                localctx = ChoreoParser.TupleExprContext(self, localctx)
                self.enterOuterAlt(localctx, 9)
                self.state = 270
                self.match(ChoreoParser.T__3)
                self.state = 272
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if ((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -278660225869778807) != 0):
                    self.state = 271
                    self.exprList()


                self.state = 274
                self.match(ChoreoParser.T__4)
                pass

            elif la_ == 10:
                localctx = ChoreoParser.ListCompExprContext(self, localctx)
                self.enterOuterAlt(localctx, 10)
                self.state = 275
                self.match(ChoreoParser.T__7)
                self.state = 276
                self.expr(0)
                self.state = 277
                self.match(ChoreoParser.T__28)
                self.state = 278
                self.qualifier()
                self.state = 283
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==2:
                    self.state = 279
                    self.match(ChoreoParser.T__1)
                    self.state = 280
                    self.qualifier()
                    self.state = 285
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)

                self.state = 286
                self.match(ChoreoParser.T__8)
                pass

            elif la_ == 11:
                localctx = ChoreoParser.ListExprContext(self, localctx)
                self.enterOuterAlt(localctx, 11)
                self.state = 288
                self.match(ChoreoParser.T__7)
                self.state = 294
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if ((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -278660225869778807) != 0):
                    self.state = 289
                    self.exprList()
                    self.state = 292
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)
                    if _la==30:
                        self.state = 290
                        self.match(ChoreoParser.T__29)
                        self.state = 291
                        self.expr(0)




                self.state = 296
                self.match(ChoreoParser.T__8)
                pass

            elif la_ == 12:
                localctx = ChoreoParser.MapExprContext(self, localctx)
                self.enterOuterAlt(localctx, 12)
                self.state = 297
                self.mapLiteral()
                pass

            elif la_ == 13:
                localctx = ChoreoParser.BinaryLitContext(self, localctx)
                self.enterOuterAlt(localctx, 13)
                self.state = 298
                self.match(ChoreoParser.T__30)
                self.state = 307
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                if ((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -1729382256910270463) != 0):
                    self.state = 299
                    self.binElem()
                    self.state = 304
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)
                    while _la==2:
                        self.state = 300
                        self.match(ChoreoParser.T__1)
                        self.state = 301
                        self.binElem()
                        self.state = 306
                        self._errHandler.sync(self)
                        _la = self._input.LA(1)



                self.state = 309
                self.match(ChoreoParser.T__31)
                pass

            elif la_ == 14:
                localctx = ChoreoParser.ParenExprContext(self, localctx)
                self.enterOuterAlt(localctx, 14)
                self.state = 310
                self.match(ChoreoParser.T__0)
                self.state = 311
                self.expr(0)
                self.state = 312
                self.match(ChoreoParser.T__2)
                pass


        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class MapLiteralContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def mapField(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.MapFieldContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.MapFieldContext,i)


        def getRuleIndex(self):
            return ChoreoParser.RULE_mapLiteral

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitMapLiteral" ):
                return visitor.visitMapLiteral(self)
            else:
                return visitor.visitChildren(self)




    def mapLiteral(self):

        localctx = ChoreoParser.MapLiteralContext(self, self._ctx, self.state)
        self.enterRule(localctx, 26, self.RULE_mapLiteral)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 316
            self.match(ChoreoParser.T__12)
            self.state = 317
            self.match(ChoreoParser.T__3)
            self.state = 326
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if ((((_la - 1)) & ~0x3f) == 0 and ((1 << (_la - 1)) & -278660225869778807) != 0):
                self.state = 318
                self.mapField()
                self.state = 323
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==2:
                    self.state = 319
                    self.match(ChoreoParser.T__1)
                    self.state = 320
                    self.mapField()
                    self.state = 325
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)



            self.state = 328
            self.match(ChoreoParser.T__4)
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class MapFieldContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser
            self.op = None # Token

        def expr(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.ExprContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.ExprContext,i)


        def getRuleIndex(self):
            return ChoreoParser.RULE_mapField

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitMapField" ):
                return visitor.visitMapField(self)
            else:
                return visitor.visitChildren(self)




    def mapField(self):

        localctx = ChoreoParser.MapFieldContext(self, self._ctx, self.state)
        self.enterRule(localctx, 28, self.RULE_mapField)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 330
            self.expr(0)
            self.state = 331
            localctx.op = self._input.LT(1)
            _la = self._input.LA(1)
            if not(_la==33 or _la==34):
                localctx.op = self._errHandler.recoverInline(self)
            else:
                self._errHandler.reportMatch(self)
                self.consume()
            self.state = 332
            self.expr(0)
        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class QualifierContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser


        def getRuleIndex(self):
            return ChoreoParser.RULE_qualifier

     
        def copyFrom(self, ctx:ParserRuleContext):
            super().copyFrom(ctx)



    class GeneratorQualContext(QualifierContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.QualifierContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def expr(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.ExprContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.ExprContext,i)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitGeneratorQual" ):
                return visitor.visitGeneratorQual(self)
            else:
                return visitor.visitChildren(self)


    class FilterQualContext(QualifierContext):

        def __init__(self, parser, ctx:ParserRuleContext): # actually a ChoreoParser.QualifierContext
            super().__init__(parser)
            self.copyFrom(ctx)

        def expr(self):
            return self.getTypedRuleContext(ChoreoParser.ExprContext,0)


        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitFilterQual" ):
                return visitor.visitFilterQual(self)
            else:
                return visitor.visitChildren(self)



    def qualifier(self):

        localctx = ChoreoParser.QualifierContext(self, self._ctx, self.state)
        self.enterRule(localctx, 30, self.RULE_qualifier)
        try:
            self.state = 339
            self._errHandler.sync(self)
            la_ = self._interp.adaptivePredict(self._input,36,self._ctx)
            if la_ == 1:
                localctx = ChoreoParser.GeneratorQualContext(self, localctx)
                self.enterOuterAlt(localctx, 1)
                self.state = 334
                self.expr(0)
                self.state = 335
                self.match(ChoreoParser.T__34)
                self.state = 336
                self.expr(0)
                pass

            elif la_ == 2:
                localctx = ChoreoParser.FilterQualContext(self, localctx)
                self.enterOuterAlt(localctx, 2)
                self.state = 338
                self.expr(0)
                pass


        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class BinElemContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def binValue(self):
            return self.getTypedRuleContext(ChoreoParser.BinValueContext,0)


        def binSize(self):
            return self.getTypedRuleContext(ChoreoParser.BinSizeContext,0)


        def ATOM(self, i:int=None):
            if i is None:
                return self.getTokens(ChoreoParser.ATOM)
            else:
                return self.getToken(ChoreoParser.ATOM, i)

        def getRuleIndex(self):
            return ChoreoParser.RULE_binElem

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitBinElem" ):
                return visitor.visitBinElem(self)
            else:
                return visitor.visitChildren(self)




    def binElem(self):

        localctx = ChoreoParser.BinElemContext(self, self._ctx, self.state)
        self.enterRule(localctx, 32, self.RULE_binElem)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 341
            self.binValue()
            self.state = 344
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if _la==28:
                self.state = 342
                self.match(ChoreoParser.T__27)
                self.state = 343
                self.binSize()


            self.state = 355
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            if _la==17:
                self.state = 346
                self.match(ChoreoParser.T__16)
                self.state = 347
                self.match(ChoreoParser.ATOM)
                self.state = 352
                self._errHandler.sync(self)
                _la = self._input.LA(1)
                while _la==15:
                    self.state = 348
                    self.match(ChoreoParser.T__14)
                    self.state = 349
                    self.match(ChoreoParser.ATOM)
                    self.state = 354
                    self._errHandler.sync(self)
                    _la = self._input.LA(1)



        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class BinValueContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def INT(self):
            return self.getToken(ChoreoParser.INT, 0)

        def STRING(self):
            return self.getToken(ChoreoParser.STRING, 0)

        def VAR(self):
            return self.getToken(ChoreoParser.VAR, 0)

        def CHAR(self):
            return self.getToken(ChoreoParser.CHAR, 0)

        def expr(self):
            return self.getTypedRuleContext(ChoreoParser.ExprContext,0)


        def getRuleIndex(self):
            return ChoreoParser.RULE_binValue

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitBinValue" ):
                return visitor.visitBinValue(self)
            else:
                return visitor.visitChildren(self)




    def binValue(self):

        localctx = ChoreoParser.BinValueContext(self, self._ctx, self.state)
        self.enterRule(localctx, 34, self.RULE_binValue)
        try:
            self.state = 365
            self._errHandler.sync(self)
            token = self._input.LA(1)
            if token in [62]:
                self.enterOuterAlt(localctx, 1)
                self.state = 357
                self.match(ChoreoParser.INT)
                pass
            elif token in [64]:
                self.enterOuterAlt(localctx, 2)
                self.state = 358
                self.match(ChoreoParser.STRING)
                pass
            elif token in [60]:
                self.enterOuterAlt(localctx, 3)
                self.state = 359
                self.match(ChoreoParser.VAR)
                pass
            elif token in [63]:
                self.enterOuterAlt(localctx, 4)
                self.state = 360
                self.match(ChoreoParser.CHAR)
                pass
            elif token in [1]:
                self.enterOuterAlt(localctx, 5)
                self.state = 361
                self.match(ChoreoParser.T__0)
                self.state = 362
                self.expr(0)
                self.state = 363
                self.match(ChoreoParser.T__2)
                pass
            else:
                raise NoViableAltException(self)

        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class BinSizeContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def INT(self):
            return self.getToken(ChoreoParser.INT, 0)

        def VAR(self):
            return self.getToken(ChoreoParser.VAR, 0)

        def expr(self):
            return self.getTypedRuleContext(ChoreoParser.ExprContext,0)


        def getRuleIndex(self):
            return ChoreoParser.RULE_binSize

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitBinSize" ):
                return visitor.visitBinSize(self)
            else:
                return visitor.visitChildren(self)




    def binSize(self):

        localctx = ChoreoParser.BinSizeContext(self, self._ctx, self.state)
        self.enterRule(localctx, 36, self.RULE_binSize)
        try:
            self.state = 373
            self._errHandler.sync(self)
            token = self._input.LA(1)
            if token in [62]:
                self.enterOuterAlt(localctx, 1)
                self.state = 367
                self.match(ChoreoParser.INT)
                pass
            elif token in [60]:
                self.enterOuterAlt(localctx, 2)
                self.state = 368
                self.match(ChoreoParser.VAR)
                pass
            elif token in [1]:
                self.enterOuterAlt(localctx, 3)
                self.state = 369
                self.match(ChoreoParser.T__0)
                self.state = 370
                self.expr(0)
                self.state = 371
                self.match(ChoreoParser.T__2)
                pass
            else:
                raise NoViableAltException(self)

        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx


    class ExprListContext(ParserRuleContext):
        __slots__ = 'parser'

        def __init__(self, parser, parent:ParserRuleContext=None, invokingState:int=-1):
            super().__init__(parent, invokingState)
            self.parser = parser

        def expr(self, i:int=None):
            if i is None:
                return self.getTypedRuleContexts(ChoreoParser.ExprContext)
            else:
                return self.getTypedRuleContext(ChoreoParser.ExprContext,i)


        def getRuleIndex(self):
            return ChoreoParser.RULE_exprList

        def accept(self, visitor:ParseTreeVisitor):
            if hasattr( visitor, "visitExprList" ):
                return visitor.visitExprList(self)
            else:
                return visitor.visitChildren(self)




    def exprList(self):

        localctx = ChoreoParser.ExprListContext(self, self._ctx, self.state)
        self.enterRule(localctx, 38, self.RULE_exprList)
        self._la = 0 # Token type
        try:
            self.enterOuterAlt(localctx, 1)
            self.state = 375
            self.expr(0)
            self.state = 380
            self._errHandler.sync(self)
            _la = self._input.LA(1)
            while _la==2:
                self.state = 376
                self.match(ChoreoParser.T__1)
                self.state = 377
                self.expr(0)
                self.state = 382
                self._errHandler.sync(self)
                _la = self._input.LA(1)

        except RecognitionException as re:
            localctx.exception = re
            self._errHandler.reportError(self, re)
            self._errHandler.recover(self, re)
        finally:
            self.exitRule()
        return localctx



    def sempred(self, localctx:RuleContext, ruleIndex:int, predIndex:int):
        if self._predicates == None:
            self._predicates = dict()
        self._predicates[11] = self.expr_sempred
        pred = self._predicates.get(ruleIndex, None)
        if pred is None:
            raise Exception("No predicate with index:" + str(ruleIndex))
        else:
            return pred(localctx, predIndex)

    def expr_sempred(self, localctx:ExprContext, predIndex:int):
            if predIndex == 0:
                return self.precpred(self._ctx, 7)
         

            if predIndex == 1:
                return self.precpred(self._ctx, 6)
         

            if predIndex == 2:
                return self.precpred(self._ctx, 5)
         

            if predIndex == 3:
                return self.precpred(self._ctx, 4)
         

            if predIndex == 4:
                return self.precpred(self._ctx, 3)
         

            if predIndex == 5:
                return self.precpred(self._ctx, 2)
         

            if predIndex == 6:
                return self.precpred(self._ctx, 9)
         




